"""Démonstration de l'accompagnement : copie figée d'un plan signé, construite sans lire la base."""

import datetime

from binome.accompagnement import contenu_plan
from binome.accompagnement.models import Parcours, PlanAction


def _copie_figee(plan: PlanAction, parcours: Parcours, objectifs: list, actions: list, signataire) -> dict:
    """Même contenu que ``contenu_plan.contenu_du_plan`` (la même fonction le compose), sur des objets pas
    encore insérés : un objectif est identifié par ``id`` faute de clé primaire."""
    return contenu_plan.composer(
        plan,
        parcours=parcours,
        objectifs=objectifs,
        actions=sorted(actions, key=lambda a: a.echeance or datetime.date.max),
        enregistre_par=signataire,
        cle=id,
        objectif_de=lambda action: id(action.objectif) if action.objectif else None,
    )
