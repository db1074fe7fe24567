"""Lectures des fichiers envoyés : réservées à l'administrateur du département (et au super-administrateur)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from binome.comptes.selectors import departements_administres, peut_administrer
from binome.echanges.exports.models import DestinataireExport, FichierExport, StatutFichier
from binome.territoires.models import Departement


def gere_les_exports(acteur) -> bool:
    """Prédicat de la page des fichiers envoyés (et de son lien)."""
    return bool(acteur is not None and acteur.is_authenticated and peut_administrer(acteur))


def _filtre_departement(acteur, qs: QuerySet) -> QuerySet:
    if not gere_les_exports(acteur):
        return qs.none()
    codes = departements_administres(acteur)
    return qs if codes is None else qs.filter(departement_id__in=codes)


def departement_des_exports(acteur, code: str) -> Departement:
    """Le département ``code`` si l'acteur l'administre ; 403 sinon (même s'il existe)."""
    if not gere_les_exports(acteur):
        raise PermissionDenied(_("Cette page est réservée aux administrateurs départementaux."))
    codes = departements_administres(acteur)
    if codes is not None and code not in codes:
        raise PermissionDenied(_("Vous n'administrez pas ce département."))
    return get_object_or_404(Departement, code=code)


def destinataires(acteur, code: str) -> QuerySet[DestinataireExport]:
    return _filtre_departement(acteur, DestinataireExport.objects.filter(departement_id=code)).order_by("nom", "pk")


def destinataire_pour(acteur, pk) -> DestinataireExport:
    return get_object_or_404(
        _filtre_departement(
            acteur, DestinataireExport.objects.select_related("departement", "identites_decidees_par")
        ),
        pk=pk,
    )


def fichiers(acteur, code: str) -> QuerySet[FichierExport]:
    return (
        _filtre_departement(acteur, FichierExport.objects.filter(departement_id=code))
        .select_related("destinataire", "demande_par")
        .order_by("-demande_le", "-pk")
    )


def fichier_telechargeable(acteur, pk) -> FichierExport:
    """Un fichier prêt (pas effacé) d'un département que l'acteur administre ; 404 sinon."""
    return get_object_or_404(
        _filtre_departement(acteur, FichierExport.objects.filter(statut=StatutFichier.PRET)), pk=pk
    )
