"""Coût fixe des pages du suivi (issue 17, « Échelle ») : ce qu'une page refaisait alors qu'une fois suffit.

Sans horloge : on compte les constructions des expressions d'alerte, les listes résolues et les requêtes répétées."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import alertes
from tests.accompagnement import cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def espion_alertes(monkeypatch):
    """Compte les constructions des expressions d'alerte (``_sous_requetes``) et les demandes d'expressions."""
    appels = Counter()
    construire, demander = alertes._sous_requetes, alertes.expressions_alertes

    def _sous_requetes(aujourdhui):
        appels["construites"] += 1
        return construire(aujourdhui)

    def expressions_alertes(**options):
        appels["demandees"] += 1
        return demander(**options)

    monkeypatch.setattr(alertes, "_sous_requetes", _sous_requetes)
    monkeypatch.setattr(alertes, "expressions_alertes", expressions_alertes)
    alertes._expressions_construites.cache_clear()  # d'un test à l'autre, la mémoire repart vide
    yield appels
    alertes._expressions_construites.cache_clear()


@pytest.mark.parametrize("route", ["accompagnement:portefeuille", "core:accueil"])
def test_expressions_d_alerte_construites_une_fois_d_une_page_a_l_autre(personas, client_de, espion_alertes, route):
    cycle.parcours_actif(personas, entree=timezone.localdate())
    client = client_de(personas.conseiller)
    for _fois in range(3):
        assert client.get(reverse(route)).status_code == 200
    # Avant : à chaque liste de chaque page (3 par portefeuille, 2 par accueil).
    assert espion_alertes["construites"] == 1


@pytest.mark.parametrize(("route", "listes"), [("accompagnement:portefeuille", 2), ("core:accueil", 1)])
def test_la_liste_du_portefeuille_est_resolue_une_fois_par_page(personas, client_de, espion_alertes, route, listes):
    """Le portefeuille : la liste filtrée (et ses chiffres) puis les lignes de la page, annotées ; l'accueil : la
    liste seule, pour ses chiffres et ses lignes « À faire »."""
    cycle.parcours_actif(personas, entree=timezone.localdate())
    assert client_de(personas.conseiller).get(reverse(route)).status_code == 200
    assert espion_alertes["demandees"] == listes  # avant : 3 et 2


@pytest.mark.parametrize("persona", ["conseiller", "travailleur_social"])
def test_la_fiche_personne_ne_repete_aucune_requete(personas, client_de, persona):
    """Les sections de la fiche (instances, notes, chronologie) posent les mêmes questions de droit : chacune n'est
    lue qu'une fois par page."""
    personne = cycle.parcours_actif(personas, entree=timezone.localdate()).personne
    client = client_de(getattr(personas, persona))
    url = reverse("accompagnement:personne", args=[personne.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    lectures = Counter(q["sql"] for q in requetes.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))
    assert [sql for sql, fois in lectures.items() if fois > 1] == []


def test_un_seuil_change_donne_des_expressions_neuves(personas):
    """La mémoire des expressions est indexée par les seuils : un seuil changé n'en réutilise aucune."""
    jour = timezone.localdate()
    defaut = alertes.expressions_alertes(aujourdhui=jour, seuils={})
    assert alertes.expressions_alertes(aujourdhui=jour, seuils={}) == defaut
    autre = alertes.Seuils(sans_contact_jours=3, fin_terme_jours=30, orientation_jours=30)
    change = alertes.expressions_alertes(aujourdhui=jour, seuils={"15": autre})
    assert change["limite_contact"] != defaut["limite_contact"]


@pytest.mark.parametrize("route", ["accompagnement:personne", "accompagnement:contacts"])
def test_les_conditions_de_droit_sont_construites_une_fois_par_page(personas, client_de, monkeypatch, route):
    """La condition « avant l'entrée » (boîte de réception comprise) sert à chaque question de droit de la page :
    construite une fois (avant : dix fois sur la fiche, deux sur les contacts)."""
    from binome.accompagnement.selectors import acces

    parcours = cycle.parcours_actif(personas, entree=timezone.localdate())
    construites = []
    vraie = acces._orientations_en_attente_pour
    monkeypatch.setattr(acces, "_orientations_en_attente_pour", lambda a: construites.append(1) or vraie(a))
    argument = parcours.personne.pk if route == "accompagnement:personne" else parcours.pk
    assert client_de(personas.conseiller).get(reverse(route, args=[argument])).status_code == 200
    assert len(construites) == 1
