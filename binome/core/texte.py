"""Normalisation de texte pour les recherches insensibles aux accents et à la casse.

La même fonction sert à l'écriture (colonnes ``*_normalise``) et à la lecture
(termes saisis), ce qui rend la recherche identique sur SQLite et PostgreSQL.
"""

import re
import unicodedata

_NON_ALPHANUM = re.compile(r"[^a-z0-9]+")
# Abréviations courantes des noms de lieux : « st flour » doit trouver Saint-Flour.
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def sans_accents(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")


def normaliser(texte: str | None) -> str:
    """« Saint-Flour (Cantal) » → « saint flour cantal »."""
    if not texte:
        return ""
    simple = _NON_ALPHANUM.sub(" ", sans_accents(texte.lower()).replace("œ", "oe"))
    mots = [_ABREVIATIONS.get(mot, mot) for mot in simple.split()]
    return " ".join(mots)
