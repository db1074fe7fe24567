"""Qui ouvre et ferme l'espace d'une personne : les professionnels qui peuvent modifier sa fiche (le binôme, ses
encadrants ; avant l'entrée, l'auteur du repérage et les destinataires de l'orientation)."""

from binome.accompagnement.selectors.cycle import peut_modifier_personne
from binome.espace.models import EspacePersonne


def peut_gerer_espace(acteur, personne) -> bool:
    return peut_modifier_personne(acteur, personne)


def espace_de_la_personne(personne) -> EspacePersonne | None:
    return EspacePersonne.objects.filter(personne=personne).first()
