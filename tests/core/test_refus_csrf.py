"""Issue 12, point 25 : un formulaire envoyé sans son cookie CSRF reçoit une page DSFR en français, pas la page
brute de Django."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _sans_jeton(client: Client, url: str):
    return client.post(url, {"username": "x@exemple.gouv.fr", "password": "y"})


def test_connexion_sans_cookie_csrf_page_dsfr():
    reponse = _sans_jeton(Client(enforce_csrf_checks=True), reverse("comptes:connexion"))
    assert reponse.status_code == 403
    contenu = reponse.content.decode()
    assert "Formulaire expiré" in contenu and "fr-header" in contenu
    assert "CSRF verification failed" not in contenu and "Forbidden" not in contenu


def test_formulaire_d_un_agent_connecte_sans_cookie_csrf(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    reponse = client.post(reverse("organisations:parametres", args=["15"]), {})
    assert reponse.status_code == 403
    assert "Formulaire expiré" in reponse.content.decode()
