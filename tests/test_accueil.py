import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_connexion_par_courriel(client, personas):
    reponse = client.post(
        reverse("comptes:connexion"),
        {"username": "Claire.Conseillere@exemple.gouv.fr", "password": "mot-de-passe-de-test-123"},
    )
    assert reponse.status_code == 302
    reponse = client.get(reverse("core:accueil"))
    assert "Bonjour Claire" in reponse.content.decode()


@pytest.mark.django_db
def test_mauvais_mot_de_passe(client, personas):
    reponse = client.post(
        reverse("comptes:connexion"), {"username": "claire.conseillere@exemple.gouv.fr", "password": "x"}
    )
    assert reponse.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in reponse.content.decode()
