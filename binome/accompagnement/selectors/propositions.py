"""Propositions d'une structure partenaire pour l'accompagnement global : qui propose, et ce qu'il en voit.

Le partenaire propose une personne (son orientation va à la boîte de réception de l'autre côté) ; ensuite il ne
voit que **le statut de sa proposition** : jamais le dossier (ni fiche, ni parcours, ni chronologie). Il n'est
ni prescripteur au sens de ``ROLES_PRESCRIPTEURS`` ni auteur d'un repérage qui ouvrirait le dossier.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from binome.accompagnement.enums import STATUTS_ORIENTATION_EN_ATTENTE, OrigineOrientation
from binome.accompagnement.models import Orientation
from binome.comptes.models import Role
from binome.comptes.selectors import HabilitationActive, departements_du_role, habilitations


def propose_en_partenaire(acteur, departement) -> bool:
    """L'acteur est partenaire dans ce département (prédicat de la transition ``proposer_en_partenaire``)."""
    code = getattr(departement, "pk", departement)
    return code in departements_du_role(acteur, Role.PARTENAIRE)


def propose_des_personnes(acteur) -> bool:
    """L'acteur peut proposer des personnes en tant que partenaire (menu « Mes propositions »)."""
    return bool(departements_du_role(acteur, Role.PARTENAIRE))


def structures_partenaires(acteur) -> list[HabilitationActive]:
    """Habilitations de partenaire de l'acteur (une par structure), au titre desquelles il propose."""
    retenues: dict[int, HabilitationActive] = {}
    for h in habilitations(acteur):
        if h.role == Role.PARTENAIRE:
            retenues.setdefault(h.organisation_id, h)
    return sorted(retenues.values(), key=lambda h: (h.organisation_nom, h.organisation_id))


@dataclass(frozen=True)
class Proposition:
    """Ce que le partenaire voit de sa proposition : la personne qu'il a lui-même nommée, la date, le statut."""

    pk: int
    personne: str
    proposee_le: object
    modalite: str
    statut: str
    en_attente: bool


def propositions_du_partenaire(acteur) -> QuerySet[Orientation]:
    """Orientations proposées par l'acteur en tant que partenaire, les plus récentes d'abord."""
    if not propose_des_personnes(acteur):
        return Orientation.objects.none()
    return (
        Orientation.objects.filter(
            prescripteur=acteur,
            origine=OrigineOrientation.PARTENAIRE,
            organisation_prescripteur__in={h.organisation_id for h in structures_partenaires(acteur)},
        )
        .select_related("parcours__personne")
        .order_by("-date_proposition", "-pk")
    )


def propositions(orientations) -> list[Proposition]:
    """Le statut seul : aucune donnée du dossier (ni état du parcours, ni dates du diagnostic, ni motif)."""
    return [
        Proposition(
            pk=o.pk,
            personne=str(o.parcours.personne),
            proposee_le=o.date_proposition,
            modalite=o.get_modalite_proposee_display(),
            statut=o.get_statut_display(),
            en_attente=o.statut in STATUTS_ORIENTATION_EN_ATTENTE,
        )
        for o in orientations
    ]
