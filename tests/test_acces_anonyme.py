"""Une personne non connectée est renvoyée vers la connexion sur toute route qui n'est pas publique."""

import pytest

from binome.core.middleware import CHEMINS_PUBLICS
from tests.routes import toutes_les_routes

ROUTES = [
    r for r in toutes_les_routes() if not r.nom.startswith("admin:") and not r.chemin().startswith(CHEMINS_PUBLICS)
]


def test_inventaire_non_vide():
    noms = {r.nom for r in toutes_les_routes()}
    assert "core:accueil" in noms
    assert "comptes:connexion" in noms
    assert len(ROUTES) > 20, "l'inventaire des routes protégées est anormalement court"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.nom or r.gabarit)
def test_anonyme_redirige_vers_connexion(client, route):
    chemin = route.chemin()
    for methode in (client.get, client.post):
        reponse = methode(chemin)
        assert reponse.status_code == 302, f"{methode.__name__.upper()} {chemin}"
        assert reponse["Location"].startswith("/connexion/"), reponse["Location"]


@pytest.mark.django_db
def test_pages_publiques_accessibles(client):
    for nom in ("connexion/", "mentions-legales/", "donnees-personnelles/", "accessibilite/"):
        assert client.get("/" + nom).status_code == 200
