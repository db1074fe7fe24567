"""Outils des tests de l'API : jeton d'un compte (par ``manage.py jeton_api creer`` ou par le service), client qui
l'envoie (``Authorization: Bearer``), lignes du journal d'une personne."""

import io

from django.core.management import call_command
from django.test import Client

from binome.comptes import services as services_comptes
from binome.confiance.models import EntreeJournal


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


def client_jeton_de(personas, utilisateur, *, lecture_seule: bool = False) -> Client:
    """Un client qui envoie le jeton d'un nouveau jeton du compte (lecture-écriture par défaut)."""
    _jeton, clair = services_comptes.jeton_api_creer(
        acteur=utilisateur, utilisateur=utilisateur, nom="Tests", lecture_seule=lecture_seule
    )
    return Client(**bearer(clair))


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


def lignes_journal(personne) -> list[EntreeJournal]:
    return list(EntreeJournal.objects.filter(personne_id=personne.pk).order_by("pk"))
