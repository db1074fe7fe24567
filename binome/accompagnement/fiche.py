"""Point de branchement de la fiche de la personne : les applications plus hautes y ajoutent leurs sections.

``accompagnement`` est sous ``agenda`` : il ne l'importe pas. Chaque application inscrit au démarrage
(``AppConfig.ready``) une fonction ``section(request, personne, parcours) -> dict | None`` qui rend
``{"gabarit": …, "contexte": …}`` (ou ``None`` si elle ne concerne pas ce parcours ou cet acteur) ; la fiche
les rend dans l'ordre d'inscription, sous le parcours en cours. Exemple : les rendez-vous (``binome.agenda``).
"""

from collections.abc import Callable

_SECTIONS: list[Callable] = []


def brancher(section: Callable) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def sections(request, personne, parcours) -> list[dict]:
    if parcours is None:
        return []
    return [rendu for section in _SECTIONS if (rendu := section(request, personne, parcours)) is not None]
