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


_VOYELLES = "aeiouy"


def _commence_par_une_voyelle(mot: str) -> bool:
    """Voyelle ou h muet (« Isabelle », « Élodie », « Hélène ») ; un y suivi d'une voyelle est une consonne
    (« Yann », « Yasmine ») mais pas devant une consonne (« Yves »)."""
    lettres = sans_accents(mot).lower()
    if not lettres:
        return False
    if lettres[0] == "y":
        return len(lettres) > 1 and lettres[1] not in _VOYELLES
    return lettres[0] in _VOYELLES or lettres[0] == "h"


def de(nom) -> str:
    """« de » élidé devant une voyelle ou un h muet : « d'Isabelle Martin », « de Marc Durand ».

    Toute phrase qui place un nom après « de » passe par ici (gabarits : filtre ``de`` de ``texte``)."""
    texte = str(nom).strip()
    return f"d'{texte}" if _commence_par_une_voyelle(texte) else f"de {texte}"


def prenom_initiale(prenom: str | None, nom: str | None) -> str:
    """« Isabelle M. » : comment une personne est nommée hors de son dossier (« À faire », résumé par courriel,
    agenda abonné) — le prénom et l'initiale du nom, rien d'autre. Chaîne vide pour un dossier anonymisé."""
    prenom, nom = (prenom or "").strip(), (nom or "").strip()
    return " ".join(partie for partie in (prenom, f"{nom[:1].upper()}." if nom else "") if partie)
