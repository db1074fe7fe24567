"""Règles des comptes, sans écriture : appelées par les services, les formulaires et la démonstration."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from binome.comptes.models import TYPES_ORGANISATION_PAR_ROLE, Role
from binome.organisations.models import Organisation, TypeOrganisation


def verifier_role_organisation(role: str, organisation: Organisation) -> None:
    """Lève ``ValidationError`` si ``role`` ne peut pas s'exercer dans ce type d'organisation."""
    if role not in Role.values:
        raise ValidationError(_("Ce rôle n'existe pas."), code="role_inconnu")
    types = TYPES_ORGANISATION_PAR_ROLE[role]
    if organisation.type not in types:
        # Libellés tels quels : « Agence France Travail », pas « agence france travail ».
        libelles = ", ".join(f"« {TypeOrganisation(t).label} »" for t in types)
        raise ValidationError(
            _("Le rôle « %(role)s » ne s'exerce que dans : %(types)s ; « %(organisation)s » est de type « %(type)s ».")
            % {
                "role": Role(role).label,
                "types": libelles,
                "organisation": organisation.nom,
                "type": organisation.get_type_display(),
            },
            code="role_incompatible",
        )
