"""Branchement de l'annuaire : quels services d'un plan d'action l'acteur peut consulter.

Une action du plan peut désigner un service de l'annuaire (``Action.service_ressource_id``). Les couches
vont de l'accompagnement vers l'annuaire (``binome.ressources`` dépend de ``binome.accompagnement`` :
orientations vers un service, actions rattachées) ; l'accompagnement n'importe donc pas l'annuaire.
L'application ``ressources`` branche ici, au démarrage (``RessourcesConfig.ready``), la fonction qui
applique sa règle de consultation (``binome.ressources.selectors.services_consultables``).

Sans branchement (annuaire absent), aucun service n'est résolu : le plan affiche le lien comme retiré.
"""

from collections.abc import Callable, Iterable

ResolveurServices = Callable[[object, set[str]], dict]

_resolveur: ResolveurServices | None = None


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
