"""Verrou optimiste de l'API : ETag / If-Match, avec le même jeton de version que les formulaires.

Une lecture renvoie ``ETag: "<version>"`` (``binome.core.concurrence.jeton_version``) ; une modification exige
``If-Match`` avec cette valeur (428 sans l'en-tête) et le service la vérifie sous verrou : si la fiche a changé
entre-temps, 412 et rien n'est écrit.
"""

from binome.api.problemes import Probleme
from binome.core.concurrence import jeton_version


def etag(objet) -> str:
    return f'"{jeton_version(objet)}"'


def version_exigee(request) -> str:
    """La version envoyée dans ``If-Match`` (sans guillemets) ; 428 si l'en-tête manque."""
    valeur = request.headers.get("If-Match", "").strip()
    if not valeur:
        raise Probleme(
            428,
            "Version requise",
            "Envoyez l'en-tête If-Match avec l'ETag lu : la modification ne doit pas écraser celle d'un autre.",
        )
    if valeur.startswith("W/"):
        valeur = valeur[2:]
    return valeur.strip('"')
