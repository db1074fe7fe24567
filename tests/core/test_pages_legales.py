"""Pages légales : publiques, avec un vrai contenu, et l'éditeur paramétrable."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, nom):
    reponse = client.get(reverse(f"core:{nom}"))
    assert reponse.status_code == 200
    return reponse.content.decode().replace("&#x27;", "'")


def test_mentions_legales(client, settings):
    settings.BINOME_EDITEUR_DEPARTEMENT = "Département du Cantal"
    settings.BINOME_EDITEUR_FRANCE_TRAVAIL = "France Travail Auvergne-Rhône-Alpes"
    settings.BINOME_HEBERGEUR = "Hébergeur Exemple SAS"
    settings.BINOME_EDITEUR_CONTACT = "binome@cantal.fr"
    contenu = _page(client, "mentions_legales")
    for attendu in (
        "Département du Cantal",
        "France Travail Auvergne-Rhône-Alpes",
        "Hébergeur Exemple SAS",
        'href="mailto:binome@cantal.fr"',
        "EUPL 1.2",
        "Etalab 2.0",
        "Direction de la publication",
    ):
        assert attendu in contenu


def test_mentions_legales_par_defaut_neutres(client):
    contenu = _page(client, "mentions_legales")
    assert "Conseil départemental signataire de la convention" in contenu
    assert "Hébergeur non renseigné pour cette installation." in contenu


def test_donnees_personnelles(client, settings):
    settings.BINOME_EDITEUR_DPO = "dpo@cantal.fr"
    contenu = _page(client, "donnees_personnelles")
    for attendu in (
        "mission d'intérêt public",
        "obligations légales",
        "pas sur le consentement",
        "Données de santé",
        "RQTH",
        "L. 121-6-2",
        "2 ans après le dernier contact",
        "Journal des accès : <strong>1 an</strong>",
        "rectifier",
        "limitation",
        "vous opposer",
        "CNIL",
        'href="mailto:dpo@cantal.fr"',
        "Aucun numéro de sécurité sociale",
    ):
        assert attendu in contenu, attendu


def test_accessibilite(client, settings):
    settings.BINOME_ACCESSIBILITE_DATE = "1er décembre 2026"
    contenu = _page(client, "accessibilite")
    for attendu in (
        "<strong>partiellement conforme</strong>",
        "RGAA",
        "établie le 1er décembre 2026",
        "Défenseur des droits",
        "Libre réponse 71120",
        "Retour d'information et contact",
    ):
        assert attendu in contenu, attendu


def test_pied_de_page_renvoie_vers_les_trois_pages(client):
    contenu = _page(client, "mentions_legales")
    for nom in ("mentions_legales", "donnees_personnelles", "accessibilite"):
        assert f'href="{reverse(f"core:{nom}")}"' in contenu


def test_pages_legales_aussi_pour_une_personne_connectee(personas, client_de):
    client = client_de(personas.conseiller)
    for nom in ("mentions_legales", "donnees_personnelles", "accessibilite"):
        assert client.get(reverse(f"core:{nom}")).status_code == 200
