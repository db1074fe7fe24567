"""Ce que le réseau dit d'une requête : l'adresse du client, derrière le mandataire inverse si besoin.

Un seul endroit pour la lire : la limitation des essais de connexion (``confiance.authentification``) et celle
du flux d'abonnement à l'agenda (``agenda.debit``) comptent la même adresse.
"""

from django.conf import settings


def ip_client(request) -> str:
    """Adresse du client : derrière le mandataire inverse (``DERRIERE_PROXY``), la dernière adresse de
    ``X-Forwarded-For`` (celle qu'a vue le mandataire, non falsifiable par le client) ; sinon ``REMOTE_ADDR``."""
    if settings.SECURE_PROXY_SSL_HEADER:
        transmises = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if transmises:
            return transmises[-1][:45]
    return request.META.get("REMOTE_ADDR", "")[:45]
