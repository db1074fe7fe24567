"""Lignes du portefeuille et de la vue équipe rendues en Python (issue 17) : même HTML que l'ancienne boucle du
gabarit (``ancien_lignes_suivi.html``, badges inclus, à l'espace près), sur chaque branche d'une ligne ; un rendu
dont le coût ne passe plus par le moteur de gabarits."""

import copy
import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import engines
from django.urls import reverse

from binome.accompagnement import enums as ea
from binome.accompagnement import selectors
from binome.accompagnement.lignes_suivi import lignes
from tests.accompagnement import factories as fa
from tests.gabarits_outils import noeuds_rendus, normaliser_html

pytestmark = pytest.mark.django_db

ANCIEN = (Path(__file__).parent / "ancien_lignes_suivi.html").read_text()

ALERTES = (
    "alerte_sans_contact",
    "alerte_fin_terme",
    "alerte_orientation",
    "alerte_diagnostic_en_retard",
    "alerte_actions_en_retard",
    "alerte_suivi_6_mois",
    "alerte_agent_inactif",
)


def _variantes(personas) -> list:
    """Une ligne annotée pour chaque branche : sans alerte, chaque alerte seule, toutes (1 et 3 actions en
    retard), parcours clos, binôme incomplet, dates absentes, nom et seuils à échapper ou à localiser."""
    personne = fa.personne_du(personas.cantal, nom='<b>Dupont & "fils"</b>', prenom="Zoé l'aînée")
    parcours = fa.parcours_du_binome(personas, personne=personne, date_entree=datetime.date(2026, 3, 4))
    (base,) = selectors.lignes_de_la_page([parcours])
    variantes = []

    def variante(**champs):
        ligne = copy.copy(base)
        for nom in ALERTES:
            setattr(ligne, nom, False)
        ligne.nb_alertes = 0
        for nom, valeur in champs.items():
            setattr(ligne, nom, valeur)
        ligne.nb_alertes = sum(bool(getattr(ligne, nom)) for nom in ALERTES)
        variantes.append(ligne)

    variante()
    for nom in ALERTES:
        variante(**{nom: True, "nb_actions_en_retard": 1})
    variante(**dict.fromkeys(ALERTES, True), nb_actions_en_retard=3, seuil_sans_contact=1234, seuil_orientation=45)
    variante(etat=ea.EtatParcours.SORTI, date_entree=None, dernier_contact=None, prochain_contact=None)
    variante(etat=ea.EtatParcours.NON_RETENU, conseiller=None, referent_social=None)
    variante(etat="ANCIEN_ETAT", modalite="")  # hors des choix : la valeur telle quelle, comme get_etat_display
    variante(
        dernier_contact=datetime.date(2026, 11, 30),
        prochain_contact=datetime.date(2026, 12, 14),
        modalite=ea.Modalite.SOCIAL_EXCLUSIF,
    )
    return variantes


@pytest.mark.parametrize("equipe", [False, True], ids=["portefeuille", "equipe"])
def test_les_lignes_rendent_le_html_de_l_ancien_gabarit(personas, equipe):
    variantes = _variantes(personas)
    ancien = (
        engines["django"]
        .from_string(ANCIEN)
        .render({"page": SimpleNamespace(object_list=variantes), "equipe": equipe})
    )
    nouveau = lignes(variantes, equipe=equipe)
    assert nouveau.count("<tr>") == len(variantes)
    assert "&lt;b&gt;Dupont &amp; &quot;fils&quot;&lt;/b&gt;" in nouveau and "<b>Dupont" not in nouveau
    assert normaliser_html(nouveau) == normaliser_html(ancien)


def _noeuds_rendus(client, nombre: int) -> int:
    with noeuds_rendus() as compteur:
        reponse = client.get(reverse("accompagnement:portefeuille"))
    assert reponse.status_code == 200
    assert reponse.content.decode().count('<ul class="fr-links-group">') == nombre
    return compteur["n"]


def test_le_moteur_de_gabarits_ne_rend_pas_chaque_ligne(personas, client_de):
    """Ce qui coûtait ~1 ms par ligne : les nœuds de gabarit rendus ne dépendent plus du nombre de lignes."""
    client = client_de(personas.conseiller)
    fa.parcours_du_binome(personas)
    un = _noeuds_rendus(client, 1)
    for _ in range(3):
        fa.parcours_du_binome(personas)
    assert _noeuds_rendus(client, 4) == un
