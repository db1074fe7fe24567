"""Point de branchement de la page « Mon profil » : les applications plus hautes y ajoutent leurs sections.

``comptes`` est sous ``agenda`` et ``quotidien`` : il ne les importe pas. Chacune inscrit au démarrage
(``AppConfig.ready``) une fonction ``section(request) -> dict | None`` qui rend ``{"gabarit": …, "contexte": …}``
(ou ``None`` si la section ne concerne pas l'utilisateur). La page les rend dans l'ordre d'inscription.
"""

from collections.abc import Callable

_SECTIONS: list[Callable] = []


def brancher(section: Callable) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def sections(request) -> list[dict]:
    return [rendu for section in _SECTIONS if (rendu := section(request)) is not None]
