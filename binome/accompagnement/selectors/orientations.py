"""Orientations : boîte de réception, orientations proposées, qui propose et qui traite."""

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from binome.accompagnement import alertes
from binome.accompagnement.models import (
    Orientation,
    Personne,
)
from binome.accompagnement.selectors.acces import (
    DESTINATAIRES,
    ROLES_PRESCRIPTEURS,
    _orientations_en_attente_pour,
    _sans_habilitation,
    parcours_visibles,
    personnes_visibles,
)
from binome.comptes.models import Role
from binome.comptes.selectors import HabilitationActive, departements_du_role, habilitations

# --- Boîte de réception --------------------------------------------------------------------------------


def orientations_a_traiter(acteur) -> QuerySet[Orientation]:
    """Boîte de réception : orientations en attente adressées au côté de l'acteur sur son territoire
    (ou, pour le référent orientation, à tout son département), hors celles qu'il a lui-même proposées."""
    boite = None if _sans_habilitation(acteur) else _orientations_en_attente_pour(acteur)
    if boite is None:
        return Orientation.objects.none()
    return (
        Orientation.objects.filter(pk__in=boite.values("pk"))
        .annotate(
            diagnostic_en_retard=Case(
                When(alertes.q_diagnostic_depasse(timezone.localdate()), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related(
            "parcours",
            "parcours__personne",
            "parcours__personne__commune",
            "prescripteur",
            "organisation_prescripteur",
        )
        .order_by("date_proposition", "pk")
    )


def compter_orientations_a_traiter(acteur) -> int:
    """Nombre d'orientations de la boîte de réception de l'acteur : **une** définition, pour la boîte, l'accueil
    « À faire », le compteur du menu et le résumé par courriel."""
    if not recoit_des_orientations(acteur):
        return 0
    return orientations_a_traiter(acteur).count()


def orientations_proposees_par(acteur) -> QuerySet[Orientation]:
    """Orientations que l'acteur a proposées (suivi de ses envois), limitées aux parcours visibles."""
    return (
        Orientation.objects.filter(prescripteur=acteur, parcours__in=parcours_visibles(acteur).values("pk"))
        .select_related("parcours", "parcours__personne", "traitee_par")
        .order_by("-date_proposition", "-pk")
    )


def recoit_des_orientations(acteur) -> bool:
    """L'acteur a une boîte de réception des orientations (destinataire d'un côté ou référent orientation)."""
    return any(
        h.role == Role.REFERENT_ORIENTATION or (h.role in roles and h.organisation_type in types)
        for h in habilitations(acteur)
        for roles, types in DESTINATAIRES.values()
    )


def peut_proposer_orientation(acteur, personne: Personne) -> bool:
    """Proposer une orientation : un prescripteur du département de la personne qui ouvre son dossier."""
    if personne is None or personne.departement_id not in departements_du_role(acteur, *ROLES_PRESCRIPTEURS):
        return False
    return personnes_visibles(acteur).filter(pk=personne.pk).exists()


def organisations_prescriptrices(acteur, departement) -> list[HabilitationActive]:
    """Habilitations de prescripteur de l'acteur dans ce département, une par organisation (le rôle du
    binôme l'emporte sur celui de référent orientation dans une même organisation)."""
    code = getattr(departement, "pk", departement)
    retenues: dict[int, HabilitationActive] = {}
    for h in habilitations(acteur):
        if h.role not in ROLES_PRESCRIPTEURS or h.departement_code != code:
            continue
        deja = retenues.get(h.organisation_id)
        if deja is None or deja.role == Role.REFERENT_ORIENTATION:
            retenues[h.organisation_id] = h
    return list(retenues.values())


def peut_traiter_orientation(acteur, orientation: Orientation) -> bool:
    """Planifier le diagnostic ou refuser : l'orientation est dans la boîte de réception de l'acteur."""
    return orientations_a_traiter(acteur).filter(pk=orientation.pk).exists()


def orientation_a_traiter_pour(acteur, pk) -> Orientation:
    """Une orientation de la boîte de réception de l'acteur ; ``Http404`` sinon."""
    return get_object_or_404(orientations_a_traiter(acteur), pk=pk)
