"""Briques des tests de l'API du contenu : le monde de test et un client authentifié par jeton."""

from django.test import Client

from binome.comptes import services as services_comptes
from binome.confiance.models import EntreeJournal


def client_jeton(personas, utilisateur, *, lecture_seule: bool = False) -> Client:
    """Un client qui envoie ``Authorization: Bearer`` (jeton en lecture-écriture par défaut)."""
    _jeton, clair = services_comptes.jeton_api_creer(
        acteur=utilisateur, utilisateur=utilisateur, nom="Tests", lecture_seule=lecture_seule
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {clair}")


def lignes_journal(personne) -> list[EntreeJournal]:
    return list(EntreeJournal.objects.filter(personne_id=personne.pk).order_by("pk"))
