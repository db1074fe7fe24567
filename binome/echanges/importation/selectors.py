"""Qui importe quoi : l'administrateur départemental, dans les départements qu'il administre, et lui seul.

Le super-administrateur de la plateforme n'importe pas en tant que tel (aucun département à lui) ; un conseiller,
un pilote ou l'administrateur d'un autre département ne voit ni les imports ni leurs rapports (404).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from binome.comptes.models import Role
from binome.comptes.selectors import departements_du_role, habilitations
from binome.echanges.importation.models import CorrespondanceColonnes, ImportListe
from binome.territoires.models import Departement


def departements_importables(acteur) -> list[str]:
    return sorted(departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL))


def peut_importer_des_listes(acteur) -> bool:
    """Prédicat de la page « Fichiers reçus » (menu et vues)."""
    return bool(departements_importables(acteur))


def exiger_import(acteur) -> None:
    if not peut_importer_des_listes(acteur):
        raise PermissionDenied(_("Seul l'administrateur départemental importe des listes de personnes."))


def departements_choix(acteur):
    return Departement.objects.filter(code__in=departements_importables(acteur)).order_by("code")


def organisation_importatrice(acteur, departement: str) -> int:
    """L'organisation dont l'acteur est administrateur dans ce département (celle des correspondances)."""
    for h in habilitations(acteur):
        if h.role == Role.ADMIN_DEPARTEMENTAL and h.departement_code == departement:
            return h.organisation_id
    raise PermissionDenied(_("Vous n'administrez pas ce département."))


def importations_visibles(acteur):
    return (
        ImportListe.objects.filter(departement_id__in=departements_importables(acteur))
        .select_related("departement", "auteur")
        .defer("contenu")
        .order_by("-cree_le", "-pk")
    )


def importation_pour(acteur, pk: int) -> ImportListe:
    """L'import ``pk`` s'il est d'un département que l'acteur administre ; 404 sinon (même existant ailleurs)."""
    exiger_import(acteur)
    return get_object_or_404(importations_visibles(acteur), pk=pk)


def correspondance_enregistree(*, organisation: int, source: str) -> dict[str, str]:
    correspondance = CorrespondanceColonnes.objects.filter(organisation_id=organisation, source=source).first()
    return dict(correspondance.colonnes) if correspondance else {}


def contenu_de(importation: ImportListe) -> bytes:
    """Le fichier reçu (différé dans les listes)."""
    return bytes(ImportListe.objects.values_list("contenu", flat=True).get(pk=importation.pk))
