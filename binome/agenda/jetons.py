"""Jetons des adresses d'abonnement à l'agenda : 32 octets aléatoires, seule leur empreinte est gardée."""

import hashlib
import secrets

OCTETS_DU_JETON = 32


def nouveau_jeton() -> str:
    """Un jeton de 32 octets (256 bits) tirés par ``secrets``, encodé en base64 pour URL (43 caractères)."""
    return secrets.token_urlsafe(OCTETS_DU_JETON)


def empreinte_du_jeton(jeton: str) -> str:
    """L'empreinte SHA-256 (hexadécimale) du jeton : ce que la base garde et ce que le flux cherche.

    Chercher par empreinte dans un index unique ne compare jamais le jeton lui-même : le temps de réponse
    ne dit rien des caractères justes d'un jeton essayé.
    """
    return hashlib.sha256(jeton.encode("utf-8")).hexdigest()
