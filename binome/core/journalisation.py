"""Filtre des journaux applicatifs : aucune donnée personnelle (adresse électronique, téléphone) n'y est écrite.

Les vues et services ne journalisent que des identifiants ; ce filtre est le filet de sécurité des
bibliothèques (messages d'axes, d'erreurs…) : il masque les adresses électroniques et les numéros de
téléphone français dans le message final.
"""

import logging
import re

_COURRIEL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TELEPHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")


def masquer(texte: str) -> str:
    return _TELEPHONE.sub("[téléphone masqué]", _COURRIEL.sub("[courriel masqué]", texte))


class FiltreDonneesPersonnelles(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — un message mal formé reste tel quel
            return True
        masque = masquer(message)
        if masque != message:
            record.msg, record.args = masque, None
        return True
