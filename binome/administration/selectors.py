"""Administration départementale des organisations : lectures bornées au périmètre de l'administrateur.

Un administrateur départemental ne voit que ses départements ; un objet d'un autre département répond 404,
comme s'il n'existait pas. Le périmètre vient de ``binome.comptes.selectors`` ; les lectures sans périmètre
(paramètres, communes) restent dans ``binome.organisations.selectors`` et sont réexportées ici pour les vues.
"""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from binome.comptes.models import Habilitation
from binome.comptes.selectors import departements_administres, organisations_administrables
from binome.core.texte import normaliser
from binome.organisations.models import TYPES_NATIONAUX, ConventionFSE, Organisation
from binome.organisations.selectors import (
    communes_couvertes,
    communes_du_departement,
    conseils_departementaux,
    libelle_unites,
    parametres_du_departement,
)
from binome.territoires.models import Departement

__all__ = [
    "StatutOrganisation",
    "communes_couvertes",
    "communes_du_departement",
    "compter_perimetre",
    "conseils_departementaux",
    "convention_fse_administrable",
    "conventions_fse",
    "departement_administrable",
    "departements_administrables",
    "libelle_unites",
    "membres",
    "organisation_administrable",
    "organisations_administrables",
    "organisations_liste",
    "parametres_du_departement",
]


def organisation_administrable(acteur, pk: int) -> Organisation:
    """L'organisation ``pk`` si l'acteur l'administre ; 404 sinon."""
    return get_object_or_404(organisations_administrables(acteur).select_related("commune"), pk=pk)


class StatutOrganisation:
    ACTIVES = "actives"
    DESACTIVEES = "desactivees"


def organisations_liste(
    acteur, *, recherche: str = "", type: str = "", departement: str = "", statut: str = ""
) -> QuerySet[Organisation]:
    """Liste filtrée et paginable : nombre de requêtes constant quelle que soit la taille de la page."""
    qs = organisations_administrables(acteur)
    terme = normaliser(recherche)
    if terme:
        qs = qs.filter(nom_normalise__contains=terme)
    if type:
        qs = qs.filter(type=type)
    if departement:
        qs = qs.filter(departement_id=departement)
    if statut == StatutOrganisation.ACTIVES:
        qs = qs.filter(active=True)
    elif statut == StatutOrganisation.DESACTIVEES:
        qs = qs.filter(active=False)
    return qs.annotate(
        nb_communes=Count("communes", distinct=True),
        nb_membres=Count("habilitations", filter=Q(habilitations__active=True), distinct=True),
        libelle_unite=F("departement__parametres__libelle_unite_action_sociale"),
    ).order_by("departement_id", "type", "nom", "pk")


def departements_administrables(acteur, *, tous: bool = False) -> QuerySet[Departement]:
    """Départements de l'acteur. Pour le super-administrateur : ceux qui ont déjà des organisations,
    ou tous les départements avec ``tous=True`` (création d'une organisation dans un nouveau département)."""
    departements = departements_administres(acteur)
    qs = Departement.objects.all().order_by("code")
    if departements is None:
        return qs if tous else qs.filter(Exists(Organisation.objects.filter(departement=OuterRef("pk"))))
    return qs.filter(code__in=departements)


def departement_administrable(acteur, code: str) -> Departement:
    departements = departements_administres(acteur)
    qs = Departement.objects.all()
    if departements is not None:
        qs = qs.filter(code__in=departements)
    return get_object_or_404(qs, code=code)


def membres(organisation: Organisation) -> QuerySet[Habilitation]:
    """Habilitations actives de l'organisation (la vue a déjà vérifié que l'acteur l'administre)."""
    return (
        Habilitation.objects.filter(organisation=organisation, active=True, utilisateur__is_active=True)
        .select_related("utilisateur")
        .order_by("utilisateur__nom", "utilisateur__prenom", "role")
    )


def compter_perimetre(acteur) -> list[dict]:
    """Par département administré : nombre d'organisations actives et d'utilisateurs actifs (accueil), hors
    instance nationale (enregistrée dans le département de son siège, hors du périmètre départemental)."""
    resultat = []
    for departement in departements_administrables(acteur):
        nb_organisations = (
            Organisation.objects.filter(departement=departement, active=True).exclude(type__in=TYPES_NATIONAUX).count()
        )
        nb_utilisateurs = (
            Habilitation.objects.filter(
                organisation__departement=departement, active=True, utilisateur__is_active=True
            )
            .exclude(organisation__type__in=TYPES_NATIONAUX)
            .values("utilisateur")
            .distinct()
            .count()
        )
        resultat.append(
            {"departement": departement, "nb_organisations": nb_organisations, "nb_utilisateurs": nb_utilisateurs}
        )
    return resultat


def conventions_fse(departement: Departement) -> QuerySet[ConventionFSE]:
    """Conventions FSE+ du département (département déjà borné au périmètre par ``departement_administrable``)."""
    return ConventionFSE.objects.filter(departement=departement).order_by("-date_debut", "-pk")


def convention_fse_administrable(departement: Departement, pk: int) -> ConventionFSE:
    """Une convention du département administrable ; 404 pour celle d'un autre département."""
    return get_object_or_404(ConventionFSE, departement=departement, pk=pk)
