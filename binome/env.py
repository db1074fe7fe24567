"""Lecture de l'environnement : le seul endroit où les variables d'environnement sont lues.

Les valeurs par défaut sont sûres pour le développement ; la production les fixe
toutes explicitement (voir docs/exploitation.md). Aucun réglage n'existe
« seulement en production » : ce sont les variables qui changent le comportement.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def chaine(nom: str, defaut: str = "") -> str:
    return os.environ.get(nom, defaut)


def booleen(nom: str, defaut: bool = False) -> bool:
    valeur = os.environ.get(nom)
    if valeur is None or valeur == "":
        return defaut
    return valeur.strip().lower() in {"1", "true", "vrai", "oui", "yes", "on"}


def entier(nom: str, defaut: int) -> int:
    valeur = os.environ.get(nom)
    if valeur is None or valeur == "":
        return defaut
    return int(valeur)


def liste(nom: str, defaut: list[str]) -> list[str]:
    valeur = os.environ.get(nom)
    if valeur is None or valeur == "":
        return defaut
    return [element.strip() for element in valeur.split(",") if element.strip()]


# --- Secrets ---------------------------------------------------------------------------------------------
# En production (DEBUG faux), un secret absent empêche le démarrage : les réglages lèvent ImproperlyConfigured
# (gunicorn ne lance pas les vérifications système). En développement (DEBUG=1) et dans les réglages de test,
# un secret absent prend une valeur dérivée de son nom, publique : la vérification de déploiement la signale.
PREFIXE_DEVELOPPEMENT = "dev-seulement-"
_secrets_de_developpement = False


def autoriser_secrets_de_developpement() -> None:
    """Appelé par ``binome.settings_test`` avant d'importer les réglages (tests, ``makemigrations --check``)."""
    global _secrets_de_developpement
    _secrets_de_developpement = True


def secrets_de_developpement_autorises() -> bool:
    return _secrets_de_developpement


def valeur_de_developpement(nom: str) -> str:
    return f"{PREFIXE_DEVELOPPEMENT}{nom.lower()}-non-secrete-a-remplacer-en-production-0123456789"


def secret(nom: str, *, developpement: bool) -> str:
    """Le secret ``nom`` lu dans l'environnement ; sa valeur de développement seulement si ``developpement``."""
    from django.core.exceptions import ImproperlyConfigured

    valeur = os.environ.get(nom, "").strip()
    if valeur.startswith(PREFIXE_DEVELOPPEMENT) and not developpement:
        raise ImproperlyConfigured(f"{nom} : la valeur de développement, publique, est refusée en production.")
    if valeur:
        return valeur
    if developpement:
        return valeur_de_developpement(nom)
    raise ImproperlyConfigured(
        f"{nom} est obligatoire quand DEBUG est faux (production) : fixez-le dans l'environnement "
        "(au moins 50 caractères aléatoires, voir docs/exploitation.md)."
    )


# --- Courriel ----------------------------------------------------------------------------------------------
SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def backend_courriel(*, explicite: str, hote: str, debug: bool, essais: bool = False) -> str:
    """Le backend de courriel : ``EMAIL_BACKEND`` explicite d'abord, puis SMTP dès que ``EMAIL_HOST`` est fixé.

    Sans ``EMAIL_HOST`` : la console en développement (``debug``), la boîte en mémoire dans les réglages de test
    (``essais`` : ``binome.settings_test`` les remplace de toute façon) ; en production, refus de démarrer.
    """
    from django.core.exceptions import ImproperlyConfigured

    if explicite.strip():
        return explicite.strip()
    if hote.strip():
        return SMTP
    if debug:
        return CONSOLE
    if essais:
        return LOCMEM
    raise ImproperlyConfigured(
        "EMAIL_HOST est obligatoire quand DEBUG est faux (production) : fixez le serveur SMTP d'envoi "
        "(EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS ou EMAIL_USE_SSL), "
        "ou un EMAIL_BACKEND explicite ; voir docs/exploitation.md, « Courriel »."
    )


def reglages_courriel(*, debug: bool, essais: bool = False) -> dict:
    """Les réglages ``EMAIL_*`` de Django lus dans l'environnement (voir ``backend_courriel``)."""
    from django.core.exceptions import ImproperlyConfigured

    tls, ssl = booleen("EMAIL_USE_TLS"), booleen("EMAIL_USE_SSL")
    if tls and ssl:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS (STARTTLS, port 587) et EMAIL_USE_SSL (TLS implicite, port 465) s'excluent : "
            "n'en fixez qu'un."
        )
    return {
        "EMAIL_BACKEND": backend_courriel(
            explicite=chaine("EMAIL_BACKEND"), hote=chaine("EMAIL_HOST"), debug=debug, essais=essais
        ),
        "EMAIL_HOST": chaine("EMAIL_HOST").strip() or "localhost",
        "EMAIL_PORT": entier("EMAIL_PORT", 465 if ssl else 587 if tls else 25),
        "EMAIL_HOST_USER": chaine("EMAIL_HOST_USER"),
        "EMAIL_HOST_PASSWORD": chaine("EMAIL_HOST_PASSWORD"),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
        "EMAIL_TIMEOUT": entier("EMAIL_TIMEOUT", 30),
    }


# --- Cache partagé (issue 17) -------------------------------------------------------------------------------
REDIS = "django.core.cache.backends.redis.RedisCache"
LOCAL = "django.core.cache.backends.locmem.LocMemCache"


def reglages_cache(adresse: str, *, prefixe: str = "binome") -> dict:
    """``CACHES`` : Redis à ``adresse`` (``CACHE_URL`` ou ``REDIS_URL``), vide : le cache en mémoire du processus.

    À plusieurs serveurs (ou plusieurs processus gunicorn), seul un cache partagé donne une limite de débit commune
    (``binome.agenda.debit``) ; le cache local ne vaut que pour un processus. Délais réseau courts : un Redis
    injoignable fait échouer la requête en 2 s au lieu de la bloquer.
    """
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    adresse = adresse.strip()
    if not adresse:
        return {"default": {"BACKEND": LOCAL}}
    if urlsplit(adresse).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            "CACHE_URL doit désigner un serveur Redis : redis://hote:6379/0, rediss://… (TLS) ou unix:///chemin."
        )
    return {
        "default": {
            "BACKEND": REDIS,
            "LOCATION": adresse,
            "KEY_PREFIX": prefixe,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
