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
