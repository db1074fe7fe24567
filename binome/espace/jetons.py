"""Empreintes des liens de connexion : SHA-256 du jeton (seule gardée en base) ; HMAC de l'adresse IP (limite par
adresse, sans garder l'adresse)."""

import hashlib
import hmac

from django.conf import settings


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def empreinte_ip(ip: str) -> str:
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"espace-ip:{ip}".encode(), hashlib.sha256).hexdigest()
