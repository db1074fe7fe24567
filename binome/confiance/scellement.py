"""Clés HMAC du journal des accès : gardées hors de la base (``JOURNAL_CLE``), jamais écrites dans une table.

Chaque ligne et chaque tête de chaîne porte l'**identifiant** de la clé qui l'a scellée (8 caractères d'une
empreinte de la clé, qui ne permet pas de la retrouver) : après une rotation, les lignes anciennes restent
vérifiables tant que l'ancienne clé figure dans ``JOURNAL_CLES_ANCIENNES`` (voir docs/donnees-personnelles.md).
"""

import hashlib
import hmac
import zlib

from django.conf import settings

CHAINE_PLATEFORME = "plateforme"
SEPARATEUR_PARTITION = "/"


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


def partitions() -> int:
    """Nombre de chaînes par département (``JOURNAL_CHAINES_PAR_DEPARTEMENT``, 8 par défaut ; 1 : une seule)."""
    return max(1, int(getattr(settings, "JOURNAL_CHAINES_PAR_DEPARTEMENT", 8)))


def nom_chaine(departement: str, repartition: str | int = "") -> str:
    """La chaîne d'une ligne : ``"{département}/{k}"``, k = empreinte de ``repartition`` modulo ``partitions()``.

    Un département (ou la plateforme, pour les accès sans département) a plusieurs chaînes, chacune avec sa tête
    verrouillée : deux accès simultanés au même département ne s'attendent que s'ils tombent sur la même chaîne.
    ``repartition`` : l'identifiant de la requête (aléatoire) ou, hors requête, celui de l'acteur. Avec une seule
    partition, le nom est celui d'avant (« 75 », « plateforme ») : les chaînes écrites avant la partition gardent
    ce nom et restent vérifiées telles quelles.
    """
    base = departement or CHAINE_PLATEFORME
    nombre = partitions()
    if nombre == 1:
        return base
    return f"{base}{SEPARATEUR_PARTITION}{zlib.crc32(str(repartition).encode()) % nombre}"


def departement_de_chaine(nom: str) -> str:
    """Le département d'une chaîne, partitionnée ou non (« » pour la plateforme) : celui de chacune de ses lignes."""
    base = nom.split(SEPARATEUR_PARTITION, 1)[0]
    return "" if base == CHAINE_PLATEFORME else base
