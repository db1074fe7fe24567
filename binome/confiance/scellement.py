"""Clés HMAC du journal des accès : gardées hors de la base (``JOURNAL_CLE``), jamais écrites dans une table.

Chaque ligne et chaque tête de chaîne porte l'**identifiant** de la clé qui l'a scellée (8 caractères d'une
empreinte de la clé, qui ne permet pas de la retrouver) : après une rotation, les lignes anciennes restent
vérifiables tant que l'ancienne clé figure dans ``JOURNAL_CLES_ANCIENNES`` (voir docs/donnees-personnelles.md).
"""

import hashlib
import hmac

from django.conf import settings

CHAINE_PLATEFORME = "plateforme"


def identifiant_cle(cle: bytes) -> str:
    return hashlib.sha256(b"binome-journal-cle:" + cle).hexdigest()[:8]


def cle_courante() -> tuple[str, bytes]:
    cle = settings.JOURNAL_CLE.encode()
    return identifiant_cle(cle), cle


def cles_connues() -> dict[str, bytes]:
    """La clé courante et les anciennes, par identifiant."""
    cles = [settings.JOURNAL_CLE, *getattr(settings, "JOURNAL_CLES_ANCIENNES", [])]
    return {identifiant_cle(c.encode()): c.encode() for c in cles if c}


def sceller(cle: bytes, message: str) -> str:
    return hmac.new(cle, message.encode(), hashlib.sha256).hexdigest()


def nom_chaine(departement: str) -> str:
    """Une chaîne par département ; les accès sans département (comptes de la plateforme, tâches) ont la leur."""
    return departement or CHAINE_PLATEFORME
