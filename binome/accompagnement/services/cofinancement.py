"""Dérogation au cofinancement FSE+ d'un parcours (la règle : ``binome.accompagnement.cofinancement``).

Par défaut un parcours suit la convention FSE+ de son département à sa date d'entrée ; une dérogation motivée le
déclare cofinancé (éventuellement sous un autre identifiant d'opération) ou exclu, ou revient à la convention.
Conventions : ``services/_commun.py``.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import selectors
from binome.accompagnement.models import LONGUEUR_TEXTE_COURT, Parcours
from binome.accompagnement.services._commun import texte, verrouiller
from binome.core.historique import sauver

LONGUEUR_IDENTIFIANT_OPERATION = 50


@transaction.atomic(durable=True)
def parcours_deroger_fse(
    *, acteur, parcours: Parcours, cofinance: bool | None, identifiant_operation: str = "", motif: str
) -> Parcours:
    """Pose (``cofinance`` vrai ou faux) ou retire (``None`` : la convention décide) la dérogation FSE+ du parcours,
    avec son motif (historique). Administrateur du département ou encadrant d'une organisation du parcours."""
    if not selectors.peut_deroger_fse(acteur, parcours):
        raise PermissionDenied(_("Seuls l'administrateur du département et les encadrants dérogent au FSE+."))
    parcours = verrouiller(parcours)
    motif = texte(
        motif,
        "motif",
        obligatoire=True,
        longueur=LONGUEUR_TEXTE_COURT,
        message=_("Indiquez le motif de la dérogation."),
    )
    identifiant = texte(
        identifiant_operation, "identifiant_operation", obligatoire=False, longueur=LONGUEUR_IDENTIFIANT_OPERATION
    )
    parcours.cofinance_fse = cofinance
    parcours.identifiant_operation_fse = identifiant if cofinance else ""
    parcours.motif_derogation_fse = motif
    sauver(parcours, acteur=acteur, raison="Dérogation FSE+")
    return parcours


__all__ = ["parcours_deroger_fse"]
