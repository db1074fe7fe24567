"""Issue 12, point 15 : une demande de coordination n'atteignait l'autre côté que s'il ouvrait le dossier. Boîte
de réception avec compteur : une fonction (``compter_coordinations_a_traiter``), montrée par le menu et l'accueil."""

import datetime
import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import ObjetCoordination
from tests.accompagnement import cycle

pytestmark = pytest.mark.django_db

J0 = datetime.date(2025, 3, 3)


@pytest.fixture
def demande(personas):
    with freeze_time("2025-03-03 10:00:00+01:00"):
        actif = cycle.parcours_actif(personas, entree=J0)
        return services.coordination_demander(
            acteur=personas.conseiller, parcours=actif, objet=ObjetCoordination.POINT_SITUATION, demande="Point ?"
        )


def test_la_demande_arrive_dans_la_boite_du_cote_destinataire(personas, demande):
    assert list(selectors.coordinations_a_traiter(personas.travailleur_social)) == [demande]
    assert list(selectors.coordinations_a_traiter(personas.encadrant_social)) == [demande]
    for nom in ("conseiller", "encadrant", "admin", "pilote", "partenaire", "conseiller_calvados"):
        assert selectors.compter_coordinations_a_traiter(getattr(personas, nom)) == 0, nom
    assert selectors.compter_coordinations_a_traiter(personas.travailleur_social) == 1
    # L'auteur la suit dans « Mes demandes ».
    assert list(selectors.coordinations_envoyees(personas.conseiller)) == [demande]
    services.coordination_repondre(acteur=personas.travailleur_social, demande=demande, reponse="Oui.", accord=True)
    assert selectors.compter_coordinations_a_traiter(personas.travailleur_social) == 0


def test_boite_menu_et_accueil_montrent_le_meme_nombre(personas, demande, client_de):
    client = client_de(personas.travailleur_social)
    accueil = client.get(reverse("core:accueil")).content.decode()
    # Ligne « À faire » : le nombre en badge, puis le libellé.
    lu = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", accueil))
    assert "1 demande de coordination attend votre réponse" in lu
    menu = accueil.split('id="navigation-principale"', 1)[1].split("</nav>", 1)[0]
    # Le menu rend l'emplacement ; le nombre arrive après la page (quotidien:compteurs, même fonction).
    assert reverse("accompagnement:coordinations") in menu and 'id="compteur-menu-coordinations"' in menu
    compteurs = client.get(reverse("quotidien:compteurs")).content.decode()
    badge = compteurs.split('id="compteur-menu-coordinations"', 1)[1].split("</span>", 1)[0]
    assert "1 à traiter" in badge
    boite = client.get(reverse("accompagnement:coordinations")).content.decode()
    assert "Point ?" in boite and reverse("accompagnement:coordination_repondre", args=[demande.pk]) in boite
    # Le côté qui a demandé suit sa demande, sans bouton « Répondre ».
    boite = client_de(personas.conseiller).get(reverse("accompagnement:coordinations")).content.decode()
    assert "Aucune demande de coordination n'attend votre réponse." in boite
    assert "En attente de réponse" in boite


def test_boite_refusee_aux_roles_sans_coordination(personas, client_de):
    for nom in ("pilote", "partenaire", "admin"):
        assert client_de(getattr(personas, nom)).get(reverse("accompagnement:coordinations")).status_code == 403
