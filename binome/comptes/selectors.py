"""Lectures liées aux comptes, et les briques de la règle « qui voit quoi ».

Chaque application décide dans ses propres ``selectors.py`` de ce qu'un acteur peut
lire ; elle s'appuie pour cela sur les fonctions ci-dessous, qui sont la seule
définition du périmètre d'un acteur (ses rôles, ses organisations, ses départements).
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from binome.comptes.models import Habilitation, Role, Utilisateur


@dataclass(frozen=True)
class HabilitationActive:
    role: str
    organisation_id: int
    organisation_nom: str
    organisation_type: str
    departement_code: str


def habilitations(utilisateur: Utilisateur) -> list[HabilitationActive]:
    """Habilitations actives de l'utilisateur, mises en cache sur l'instance (une requête par requête HTTP)."""
    if not getattr(utilisateur, "is_authenticated", False) or not utilisateur.is_active:
        return []
    cache = getattr(utilisateur, "_habilitations_actives", None)
    if cache is None:
        cache = [
            HabilitationActive(
                role=h.role,
                organisation_id=h.organisation_id,
                organisation_nom=h.organisation.nom,
                organisation_type=h.organisation.type,
                departement_code=h.organisation.departement_id,
            )
            for h in Habilitation.objects.filter(utilisateur=utilisateur, active=True, organisation__active=True)
            .select_related("organisation")
            .order_by("organisation__nom", "role")
        ]
        utilisateur._habilitations_actives = cache
    return cache


def oublier_habilitations(utilisateur: Utilisateur) -> None:
    """À appeler après une modification des habilitations de cet utilisateur."""
    if hasattr(utilisateur, "_habilitations_actives"):
        del utilisateur._habilitations_actives


def roles(utilisateur: Utilisateur) -> set[str]:
    return {h.role for h in habilitations(utilisateur)}


def a_role(utilisateur: Utilisateur, *roles_attendus: str, departement: str | None = None) -> bool:
    return any(
        h.role in roles_attendus and (departement is None or h.departement_code == departement)
        for h in habilitations(utilisateur)
    )


def est_super_admin(utilisateur: Utilisateur) -> bool:
    return bool(getattr(utilisateur, "is_authenticated", False) and utilisateur.is_active and utilisateur.is_superuser)


def departements_du_role(utilisateur: Utilisateur, *roles_attendus: str) -> set[str]:
    return {h.departement_code for h in habilitations(utilisateur) if h.role in roles_attendus}


def organisations_du_role(utilisateur: Utilisateur, *roles_attendus: str) -> set[int]:
    return {h.organisation_id for h in habilitations(utilisateur) if h.role in roles_attendus}


def departements_administres(utilisateur: Utilisateur) -> set[str] | None:
    """Codes des départements que l'acteur administre ; ``None`` signifie « tous » (super-administrateur)."""
    if est_super_admin(utilisateur):
        return None
    return departements_du_role(utilisateur, Role.ADMIN_DEPARTEMENTAL)


def peut_administrer(utilisateur: Utilisateur) -> bool:
    return est_super_admin(utilisateur) or a_role(utilisateur, Role.ADMIN_DEPARTEMENTAL)


def utilisateurs_administrables(acteur: Utilisateur) -> QuerySet[Utilisateur]:
    """Utilisateurs qu'un administrateur peut gérer : ceux qui ont une habilitation dans ses départements."""
    departements = departements_administres(acteur)
    qs = Utilisateur.objects.all()
    if departements is None:
        return qs
    if not departements:
        return qs.none()
    return qs.filter(habilitations__organisation__departement__in=departements).distinct()
