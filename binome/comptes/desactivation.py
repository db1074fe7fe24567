"""Branchement : les parcours qu'un agent suit encore, avant de désactiver son compte ou de lui retirer un rôle.

Les comptes sont sous l'accompagnement dans les couches : ils n'en importent rien. L'application
``accompagnement`` branche ici, au démarrage (``AccompagnementConfig.ready``), la fonction qui compte les
parcours non clos d'un agent (``binome.accompagnement.selectors.nombre_parcours_a_reaffecter``). Tant qu'il en
reste, ``comptes.services`` refuse la désactivation et le retrait du rôle : on réaffecte d'abord (écran
« Réaffecter ses parcours » de l'accompagnement), pour qu'aucun parcours ne reste orphelin.
"""

from collections.abc import Callable

CompteurParcours = Callable[..., int]

_compteur: CompteurParcours | None = None


def brancher(compteur: CompteurParcours) -> None:
    """Enregistre ``compteur(agent, habilitation=None) -> int`` (appelé une fois au démarrage)."""
    global _compteur
    _compteur = compteur


def parcours_a_reaffecter(agent, habilitation=None) -> int:
    """Parcours non clos que suit l'agent (au titre de ``habilitation`` si elle est donnée) ; 0 sans branchement."""
    if _compteur is None:
        return 0
    return _compteur(agent, habilitation)
