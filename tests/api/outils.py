"""Outils des tests de l'API : jeton d'un compte (par ``manage.py jeton_api creer``), client qui l'envoie."""

import io

from django.core.management import call_command
from django.test import Client


def creer_jeton(utilisateur, *, nom: str = "Logiciel du département", lecture_seule: bool = False) -> str:
    """Le texte d'un nouveau jeton du compte, tel que l'imprime ``manage.py jeton_api creer`` (dernière ligne)."""
    sortie = io.StringIO()
    options = ["--lecture-seule"] if lecture_seule else []
    call_command("jeton_api", "creer", "--utilisateur", utilisateur.email, "--nom", nom, *options, stdout=sortie)
    return sortie.getvalue().strip().splitlines()[-1].strip()


def bearer(clair: str) -> dict:
    """En-têtes du client de test Django pour ``Authorization: Bearer <clair>``."""
    return {"HTTP_AUTHORIZATION": f"Bearer {clair}"}


def client_jeton(jeton: str) -> Client:
    return Client(**bearer(jeton), raise_request_exception=True)


def tout_lire(client: Client, url: str, **parametres) -> list[dict]:
    """Toutes les pages d'une liste, en suivant « suivant »."""
    resultats, reponse = [], client.get(url, parametres)
    while True:
        assert reponse.status_code == 200, reponse.content
        page = reponse.json()
        resultats += page["resultats"]
        if not page["suivant"]:
            return resultats
        reponse = client.get(page["suivant"])
