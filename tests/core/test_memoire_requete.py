"""Mémoire d'une requête de lecture (issue 17, coût fixe) : une fois par page GET, jamais au-delà, jamais en POST.

Sans horloge : on compte les calculs faits et les questions posées."""

from collections import Counter

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from binome.accompagnement import alertes
from binome.accompagnement.selectors import acces, cycle
from binome.core import memoire_requete
from binome.core.memoire_requete import MemoireRequeteMiddleware, memoriser, portee
from tests.accompagnement.factories import parcours_du_binome


def _compteur():
    calculs = []

    def calcul():
        calculs.append(1)
        return len(calculs)

    return calculs, calcul


def test_hors_requete_chaque_appel_calcule():
    calculs, calcul = _compteur()
    assert [memoriser(("cle",), calcul) for _ in range(3)] == [1, 2, 3]


def test_dans_la_portee_un_seul_calcul_puis_oubli_a_la_sortie():
    calculs, calcul = _compteur()
    with portee():
        assert [memoriser(("cle",), calcul) for _ in range(3)] == [1, 1, 1]
        assert memoriser(("autre",), calcul) == 2  # une autre clé est calculée
    assert memoriser(("cle",), calcul) == 3  # la requête finie, rien n'est gardé
    with portee():
        assert memoriser(("cle",), calcul) == 4  # requête suivante : mémoire neuve


@pytest.mark.parametrize(("methode", "calculs_attendus"), [("get", 1), ("head", 1), ("post", 2)])
def test_l_intergiciel_n_ouvre_la_memoire_qu_en_lecture(methode, calculs_attendus):
    calculs, calcul = _compteur()

    def vue(request):
        memoriser(("cle",), calcul)
        memoriser(("cle",), calcul)
        return HttpResponse()

    requete = getattr(RequestFactory(), methode)("/")
    MemoireRequeteMiddleware(vue)(requete)
    assert len(calculs) == calculs_attendus
    assert memoire_requete._memoire.get() is None  # refermée après la réponse


def _espionner(monkeypatch, *modules):
    """(questions posées, calculs faits) par nom de clé, à travers ``memoriser`` des ``modules``."""
    posees, calculees = Counter(), Counter()
    vraie = memoire_requete.memoriser

    def compter(cle, calcul):
        posees[cle[0]] += 1

        def calcul_compte():
            calculees[cle[0]] += 1
            return calcul()

        return vraie(cle, calcul_compte)

    for module in modules:
        monkeypatch.setattr(module, "memoriser", compter)
    return posees, calculees


@pytest.mark.django_db
def test_la_fiche_personne_teste_le_droit_d_ecrire_une_fois(personas, client_de, monkeypatch):
    """La fiche pose plusieurs fois « peut-il modifier ce parcours / cette personne ? » : une requête chacune."""
    parcours = parcours_du_binome(personas)
    posees, calculees = _espionner(monkeypatch, acces, cycle)
    reponse = client_de(personas.conseiller).get(reverse("accompagnement:personne", args=[parcours.personne_id]))
    assert reponse.status_code == 200
    assert posees["peut_modifier"] >= 2 and posees["peut_modifier_personne"] >= 2, posees
    assert calculees["peut_modifier"] == 1 and calculees["peut_modifier_personne"] == 1
    assert set(calculees.values()) == {1}, calculees  # les autres questions de droit aussi, une fois chacune


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["accompagnement:portefeuille", "core:accueil"])
def test_les_seuils_des_departements_lus_une_fois_par_page(personas, client_de, monkeypatch, route):
    parcours_du_binome(personas)
    posees, calculees = _espionner(monkeypatch, alertes)
    assert client_de(personas.conseiller).get(reverse(route)).status_code == 200
    assert posees["seuils_des_departements"] >= 2, posees
    assert calculees == {"seuils_des_departements": 1}
