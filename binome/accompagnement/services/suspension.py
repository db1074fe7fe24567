"""Suspension et reprise d'un parcours actif.

Transitions : ``suspendre`` (``ACTIF`` ou ``RENOUVELE`` → ``SUSPENDU``), ``reprendre`` (``SUSPENDU`` → ``ACTIF``)
ou ``reprendre_renouvele`` (``SUSPENDU`` → ``RENOUVELE`` si le parcours a été renouvelé) ; la clôture
d'une suspension (reprise ou sortie) applique la règle ``calculs.clore_suspension``. Conventions :
``services/_commun.py``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine
from binome.accompagnement.enums import MotifSuspension
from binome.accompagnement.models import Parcours, PeriodeSuspension
from binome.accompagnement.services._commun import (
    date_courte,
    evenement,
    exiger_choix,
    exiger_date,
    exiger_droits,
    verrouiller,
)
from binome.core.historique import sauver


def _clore_suspension(parcours: Parcours, acteur, fin: datetime.date, raison: str) -> int:
    """Clôt la suspension en cours à ``fin`` (jour de la reprise ou de la sortie) ; renvoie les jours suspendus.

    La règle (jours cumulés, fin prévue repoussée d'autant) est ``calculs.clore_suspension`` ; le parcours est
    modifié en mémoire, à enregistrer par l'appelant.
    """
    periode = parcours.suspensions.select_for_update().filter(fin__isnull=True).first()
    if periode is None:
        raise ValidationError(_("Ce parcours n'a pas de suspension en cours."), code="sans_suspension")
    if fin < periode.debut:
        raise ValidationError(
            {
                "date": _("La date ne peut pas précéder le début de la suspension (%(date)s).")
                % {"date": date_courte(periode.debut)}
            }
        )
    cloture = calculs.clore_suspension(
        debut=periode.debut,
        fin=fin,
        jours_suspendus=parcours.jours_suspendus,
        date_fin_prevue=parcours.date_fin_prevue,
    )
    periode.fin = fin
    sauver(periode, acteur=acteur, raison=raison)
    parcours.jours_suspendus = cloture.jours_suspendus
    parcours.date_fin_prevue = cloture.date_fin_prevue
    return cloture.jours


@transaction.atomic(durable=True)
def parcours_suspendre(*, acteur, parcours: Parcours, debut: datetime.date, motif: str) -> PeriodeSuspension:
    """Suspend un parcours actif (arrêt maladie, formation courte…) à partir de ``debut``.

    Gardes : état ``ACTIF`` ou ``RENOUVELE`` ; début ni dans le futur, ni avant l'entrée, ni avant la fin de la
    suspension précédente (pas de chevauchement). Le motif est une donnée potentiellement de santé : il n'apparaît pas
    dans la chronologie et n'est affiché qu'au côté social.
    """
    exiger_droits(acteur, "suspendre", parcours)
    parcours = verrouiller(parcours)
    transition = machine.appliquer(parcours, "suspendre")
    exiger_choix(motif, MotifSuspension, "motif", _("Indiquez le motif de la suspension."))
    exiger_date(debut, "debut", apres=parcours.date_entree, libelle_apres=_("l'entrée"))
    precedente = parcours.suspensions.order_by("-debut", "-pk").first()
    if precedente is not None and (precedente.fin is None or debut < precedente.fin):
        raise ValidationError(
            {
                "debut": _("Cette suspension chevauche la précédente (du %(debut)s au %(fin)s).")
                % {
                    "debut": date_courte(precedente.debut),
                    "fin": date_courte(precedente.fin) if precedente.fin else "…",
                }
            },
            code="chevauchement",
        )
    periode = PeriodeSuspension(parcours=parcours, debut=debut, motif=motif, cree_par=acteur)
    sauver(periode, acteur=acteur, raison="Suspension")
    sauver(parcours, acteur=acteur, raison="Suspension")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Accompagnement suspendu à partir du %(date)s") % {"date": date_courte(debut)},
    )
    return periode


@transaction.atomic(durable=True)
def parcours_reprendre(*, acteur, parcours: Parcours, date: datetime.date) -> Parcours:
    """Reprise d'un parcours suspendu le jour ``date`` : la suspension est close, ses jours cumulés dans
    ``jours_suspendus`` et la fin prévue repoussée d'autant."""
    exiger_droits(acteur, "reprendre", parcours)
    parcours = verrouiller(parcours)
    # Un parcours renouvelé puis suspendu redevient renouvelé.
    transition = machine.appliquer(parcours, "reprendre_renouvele" if parcours.renouvele_le else "reprendre")
    exiger_date(date, "date")
    jours = _clore_suspension(parcours, acteur, date, "Reprise")
    sauver(parcours, acteur=acteur, raison="Reprise")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Reprise de l'accompagnement le %(date)s (%(jours)s jours suspendus)")
        % {"date": date_courte(date), "jours": jours},
    )
    return parcours


__all__ = ["parcours_reprendre", "parcours_suspendre"]
