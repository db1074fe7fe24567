"""Cofinancement FSE+ d'un parcours : **la** règle, écrite une fois (issue 12, point 3 ; ``docs/pilotage.md``).

Un parcours est cofinancé par le FSE+ si une **dérogation** sur le parcours le dit (``Parcours.cofinance_fse`` vrai
ou faux, posée par ``services.parcours_deroger_fse`` ou par l'import) ; sinon (dérogation vide) si sa **date
d'entrée** tombe dans une convention FSE+ de son département (``organisations.ConventionFSE``, bornes incluses).
L'identifiant d'opération est celui de la dérogation s'il est renseigné, sinon celui de la convention.

La règle est une expression SQL (``annoter_cofinancement``) : l'extrait FSE+ l'applique à toute une population en
une requête, la fiche du parcours à un seul parcours (``cofinancement_du_parcours``), avec la même définition.
"""

from django.db.models import BooleanField, Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from binome.accompagnement.models import Parcours
from binome.organisations.models import ConventionFSE


def conventions_a_l_entree():
    """Conventions du département du parcours (``OuterRef``) qui couvrent sa date d'entrée, la plus récente d'abord."""
    return (
        ConventionFSE.objects.filter(
            departement_id=OuterRef("departement_id"), date_debut__lte=OuterRef("date_entree")
        )
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=OuterRef("date_entree")))
        .order_by("-date_debut", "-pk")
    )


def annoter_cofinancement(parcours):
    """Ajoute ``fse_cofinance`` (booléen) et ``fse_operation`` (identifiant d'opération, vide s'il n'y en a pas)."""
    conventions = conventions_a_l_entree()
    operation_convention = Coalesce(
        Subquery(conventions.values("identifiant_operation")[:1], output_field=CharField()), Value("")
    )
    return parcours.annotate(
        fse_cofinance=Case(
            When(cofinance_fse__isnull=False, then=F("cofinance_fse")),
            default=Exists(conventions),
            output_field=BooleanField(),
        ),
        fse_operation=Case(
            When(cofinance_fse=False, then=Value("")),
            When(~Q(identifiant_operation_fse=""), then=F("identifiant_operation_fse")),
            default=operation_convention,
            output_field=CharField(),
        ),
    )


def cofinancement_du_parcours(parcours) -> tuple[bool, str]:
    """(cofinancé, identifiant d'opération) d'un parcours enregistré, par la même règle."""
    return (
        annoter_cofinancement(Parcours.objects.filter(pk=parcours.pk))
        .values_list("fse_cofinance", "fse_operation")
        .get()
    )
