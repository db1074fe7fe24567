"""Branchement de l'annuaire : quels services d'un plan d'action l'acteur peut consulter.

Une action du plan peut désigner un service de l'annuaire (``Action.service_ressource_id``). Les couches
vont de l'accompagnement vers l'annuaire (``binome.ressources`` dépend de ``binome.accompagnement`` :
orientations vers un service, actions rattachées) ; l'accompagnement n'importe donc pas l'annuaire.
L'application ``ressources`` branche ici, au démarrage (``RessourcesConfig.ready``), la fonction qui
applique sa règle de consultation (``binome.ressources.selectors.services_consultables``).

Sans branchement (annuaire absent), aucun service n'est résolu : le plan affiche le lien comme retiré.

De même, ``brancher_orientations`` reçoit la fonction qui dit quelles orientations vers un service l'acteur
voit pour des actions du plan (``binome.ressources.selectors.orientations_des_actions``) ; sans elle, aucune.
"""

from collections.abc import Callable, Iterable

ResolveurServices = Callable[[object, set[str]], dict]

_resolveur: ResolveurServices | None = None
_orientations: Callable[[object, set[int]], dict] | None = None


def brancher(resolveur: ResolveurServices) -> None:
    """Enregistre ``resolveur(acteur, identifiants) -> {identifiant: service}`` (appelé une fois au démarrage)."""
    global _resolveur
    _resolveur = resolveur


def est_branche() -> bool:
    return _resolveur is not None


def services_consultables(acteur, identifiants: Iterable[str]) -> dict:
    """``{identifiant: service}`` des services que l'acteur peut consulter parmi ``identifiants``."""
    identifiants = {i for i in identifiants if i}
    if not identifiants or _resolveur is None:
        return {}
    return _resolveur(acteur, identifiants)


def brancher_orientations(resolveur: Callable[[object, set[int]], dict]) -> None:
    """Enregistre ``resolveur(acteur, ids d'actions) -> {id d'action: [orientations]}`` (au démarrage)."""
    global _orientations
    _orientations = resolveur


def orientations_des_actions(acteur, actions_ids: Iterable[int]) -> dict:
    """``{id d'action: [orientations vers un service]}`` que l'acteur voit, pour ces actions du plan."""
    actions_ids = {i for i in actions_ids if i}
    if not actions_ids or _orientations is None:
        return {}
    return _orientations(acteur, actions_ids)
