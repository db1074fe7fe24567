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
