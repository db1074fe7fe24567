"""Écritures des instances : arguments nommés, une transaction durable, historique et chronologie du parcours."""

from binome.instances.services.instances import instance_creer, instance_modifier, membre_ajouter, membre_retirer
from binome.instances.services.manquements import (
    invitation_enregistrer,
    manquement_constater,
    remobilisation_enregistrer,
    sanction_decider,
)
from binome.instances.services.seances import (
    decision_enregistrer,
    point_inscrire,
    point_retirer,
    presents_enregistrer,
    proces_verbal_etablir,
    seance_creer,
    synthese_rediger,
)

__all__ = [
    "decision_enregistrer",
    "instance_creer",
    "instance_modifier",
    "invitation_enregistrer",
    "manquement_constater",
    "membre_ajouter",
    "membre_retirer",
    "point_inscrire",
    "point_retirer",
    "presents_enregistrer",
    "proces_verbal_etablir",
    "remobilisation_enregistrer",
    "sanction_decider",
    "seance_creer",
    "synthese_rediger",
]
