"""Outils des tests de l'API : jeton d'un compte, client qui l'envoie (``Authorization: Bearer``)."""

import io

from django.core.management import call_command, get_commands
from django.test import Client

from binome.comptes import services as services_comptes


def creer_jeton(utilisateur, *, nom: str = "Logiciel du département", lecture_seule: bool = False) -> str:
    """Le texte d'un nouveau jeton du compte : par ``manage.py jeton_api creer`` (dernière ligne imprimée) quand la
    commande existe, sinon par le service (à retirer à la fusion avec le poste qui écrit la commande)."""
    if "jeton_api" in get_commands():
        sortie = io.StringIO()
        options = ["--lecture-seule"] if lecture_seule else []
        call_command("jeton_api", "creer", "--utilisateur", utilisateur.email, "--nom", nom, *options, stdout=sortie)
        return sortie.getvalue().strip().splitlines()[-1].strip()
    _jeton, clair = services_comptes.jeton_api_creer(
        acteur=utilisateur, utilisateur=utilisateur, nom=nom, lecture_seule=lecture_seule
    )
    return clair


def client_jeton(jeton: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {jeton}", raise_request_exception=True)


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
