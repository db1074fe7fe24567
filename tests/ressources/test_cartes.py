"""Cartes des résultats rendues en Python (issue 17) : même HTML que l'ancienne boucle du gabarit
(``ancien_resultats.html``, à l'espace près), un rendu dont le coût ne passe plus par le moteur de gabarits, et des
fiches lues sans les colonnes que la page n'affiche pas."""

import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from binome.ressources.models import FrequenceVerification, Service, Structure
from binome.ressources.orientations import ContextePlan
from binome.ressources.recherche import GROUPE_DISTANCE, GROUPE_PRESENTIEL, Resultat
from tests.gabarits_outils import noeuds_rendus, normaliser_html
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db

AUJOURDHUI = date(2026, 12, 6)
ANCIEN = (Path(__file__).parent / "ancien_resultats.html").read_text()


def _service(n: int, **champs) -> Service:
    valeurs = {
        "id": f"test--{n}",
        "nom": f"Auto-école <sociale> & « solidaire » n°{n}",
        "structure": Structure(id=f"s{n}", nom='L\'association "Roule" & co', date_maj=AUJOURDHUI),
        "commune": "Saint-Flour",
        "date_maj": AUJOURDHUI - timedelta(days=40),
        "date_verification": AUJOURDHUI - timedelta(days=10),
        "date_prochaine_verification": AUJOURDHUI + timedelta(days=80),
        "frequence_verification": FrequenceVerification.TRIMESTRIELLE,
        "type": "accompagnement",
        "frais": "gratuit",
    }
    return Service(**{**valeurs, **champs})


def _resultats() -> list[Resultat]:
    """Chaque branche de la carte : distance ou à distance, fermé (avec ou sans fin), fermeture à venir, à vérifier,
    horaires (traduits ou non), commune, type et frais absents, identifiant à échapper."""
    passe, futur = AUJOURDHUI - timedelta(days=3), AUJOURDHUI + timedelta(days=5)
    return [
        Resultat(_service(1, horaires_accueil="Mo-Fr 09:00-12:00"), GROUPE_PRESENTIEL, 3.04),
        Resultat(_service(2, a_distance=True, commune=""), GROUPE_DISTANCE, 250.0),
        Resultat(_service(3, a_distance=True), GROUPE_PRESENTIEL, None),
        Resultat(_service(4, fermeture_debut=passe, fermeture_fin=futur), GROUPE_PRESENTIEL, 0.0),
        Resultat(_service(5, fermeture_debut=passe), GROUPE_DISTANCE, None),
        Resultat(_service(6, fermeture_debut=futur, type="", frais=""), GROUPE_PRESENTIEL, 12.36),
        Resultat(_service(7, date_prochaine_verification=passe, horaires_accueil="n'importe <quoi>"), "", 1.0),
        Resultat(_service(8, date_prochaine_verification=None, date_verification=None), GROUPE_PRESENTIEL, 29.99),
        Resultat(
            _service(9, frequence_verification=FrequenceVerification.JAMAIS, date_prochaine_verification=passe),
            GROUPE_PRESENTIEL,
            5.55,
        ),
        Resultat(_service(10, id="a&b'c\"d é x"), GROUPE_DISTANCE, 7.0),
    ]


def _contexte(contexte_plan) -> dict:
    page = SimpleNamespace(
        resultats=_resultats(), paginator=SimpleNamespace(count=10), has_other_pages=False, number=1
    )
    return {
        "page": page,
        "criteres_url": "thematique=mobilite&commune=15187&rayon=30&q=caf%C3%A9 <b>",
        "contexte_plan": contexte_plan,
        "frein_libelle": "",
        "thematiques_frein": [],
        "aujourdhui": AUJOURDHUI,
    }


def _normaliser(html: str) -> str:
    # Le jeton CSRF est masqué au hasard à chaque rendu.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value="…"', html)
    return normaliser_html(html)


def _requete():
    requete = RequestFactory().get("/ressources/")
    requete.user = AnonymousUser()
    return requete


PLANS = [
    None,
    ContextePlan(personne=SimpleNamespace(pk=42), libelle="Julie"),
    ContextePlan(personne=SimpleNamespace(pk=42), action=SimpleNamespace(pk=7), libelle="Julie — permis"),
]


@pytest.mark.parametrize("contexte_plan", PLANS, ids=["sans-plan", "plan", "plan-et-action"])
@freeze_time("2026-12-06 12:00:00")
def test_les_cartes_rendent_le_html_de_l_ancien_gabarit(contexte_plan):
    # L'ancien gabarit lisait le jour dans l'horloge (``s.a_verifier`` sans argument), les cartes le reçoivent :
    # l'horloge est arrêtée au jour des données, sans quoi la comparaison changerait avec la date du lancement.
    ancien = engines["django"].from_string(ANCIEN).render(_contexte(contexte_plan), _requete())
    nouveau = render_to_string("ressources/_resultats.html", _contexte(contexte_plan), _requete())
    assert nouveau.count('<li class="fr-card') == 10
    assert _normaliser(nouveau) == _normaliser(ancien)


def _noeuds_rendus(nombre_de_resultats: int) -> int:
    contexte = _contexte(None)
    contexte["page"].resultats = contexte["page"].resultats[:nombre_de_resultats]
    with noeuds_rendus() as compteur:
        render_to_string("ressources/_resultats.html", contexte, _requete())
    return compteur["n"]


def test_le_moteur_de_gabarits_ne_rend_pas_chaque_carte():
    """Ce qui coûtait ~1 ms par carte : les nœuds de gabarit rendus ne dépendent plus du nombre de résultats."""
    assert _noeuds_rendus(10) == _noeuds_rendus(1)


def _requetes_de_la_page(client) -> list[str]:
    url = reverse("ressources:recherche")
    with CaptureQueriesContext(connection) as capture:
        reponse = client.get(url, {"thematique": "mobilite", "commune": "15187", "rayon": "30"})
    assert reponse.status_code == 200
    return [requete["sql"] for requete in capture.captured_queries]


def test_la_page_ne_lit_que_les_colonnes_des_cartes(personas, client_de, cantal):
    """Les fiches de la page sont lues sans leurs listes JSON ni leurs textes (``cartes.COLONNES``), et aucune colonne
    manquante ne coûte une requête par carte : autant de requêtes pour un résultat que pour cinq."""
    client = client_de(personas.conseiller)
    rf.service(commune_obj=cantal["saint_flour"], horaires_accueil="Mo-Fr 09:00-12:00", type="accompagnement")
    _requetes_de_la_page(client)  # la première page de la session écrit en plus (session, journal)
    une = _requetes_de_la_page(client)
    for n in range(4):
        rf.service(commune_obj=cantal["murat"], nom=f"Permis {n}", frais="gratuit", a_distance=True)
    cinq = _requetes_de_la_page(client)
    assert len(cinq) == len(une), [sql[:300] for sql in cinq if sql not in une]
    fiches = [sql for sql in cinq if 'FROM "ressources_service" INNER JOIN "ressources_structure"' in sql]
    assert len(fiches) == 1
    assert '"ressources_service"."thematiques"' not in fiches[0]
    assert '"ressources_structure"."adresse"' not in fiches[0]
