"""Sortie d'un parcours en cours et suivi à 6 mois.

Transitions : ``sortir`` (en cours → ``SORTI`` ; une suspension en cours est close par
``suspension._clore_suspension``) et ``suivi_six_mois`` (sans changement d'état). Conventions :
``services/_commun.py``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine
from binome.accompagnement.enums import MotifSortie, SituationSortieFSE
from binome.accompagnement.models import LONGUEUR_TEXTE_COURT, Parcours, Sortie
from binome.accompagnement.services._commun import (
    date_courte,
    evenement,
    exiger_choix,
    exiger_date,
    exiger_droits,
    texte,
    verrouiller,
)
from binome.accompagnement.services.suspension import _clore_suspension
from binome.core.historique import sauver


@transaction.atomic(durable=True)
def parcours_sortir(
    *,
    acteur,
    parcours: Parcours,
    date: datetime.date,
    motif: str,
    situation_fse: str,
    precision: str = "",
) -> Sortie:
    """Sortie d'un parcours en cours : date, motif (domaine.md §a.5), situation à la sortie (FSE+ EECR01-04)
    et échéance du suivi à 6 mois (date de sortie + 6 mois). Une suspension en cours est close à la date de
    sortie. Une ré-entrée ouvrira un nouveau parcours (``orientation_proposer``)."""
    exiger_droits(acteur, "sortir", parcours)
    parcours = verrouiller(parcours)
    transition = machine.exiger(parcours, "sortir")
    exiger_choix(motif, MotifSortie, "motif", _("Indiquez le motif de sortie."))
    exiger_choix(situation_fse, SituationSortieFSE, "situation_fse", _("Indiquez la situation à la sortie (FSE+)."))
    exiger_date(date, "date", apres=parcours.date_entree, libelle_apres=_("l'entrée"))
    if machine.est_suspendu(parcours):
        _clore_suspension(parcours, acteur, date, "Sortie")
    sortie = Sortie(
        parcours=parcours,
        date=date,
        motif=motif,
        precision=texte(precision, "precision", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT),
        situation_fse=situation_fse,
        suivi_6_mois_echeance=calculs.ajouter_mois(date, calculs.DELAI_SUIVI_SORTIE_MOIS),
        saisie_par=acteur,
    )
    sauver(sortie, acteur=acteur, raison="Sortie")
    machine.appliquer(parcours, "sortir")
    parcours.date_sortie = date
    parcours.motif_sortie = motif
    sauver(parcours, acteur=acteur, raison="Sortie")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Sortie de l'accompagnement le %(date)s") % {"date": date_courte(date)},
    )
    return sortie


def _suivi_fait_le(sortie: Sortie) -> str:
    return _("Suivi à six mois déjà fait le %(date)s.") % {"date": date_courte(sortie.suivi_6_mois_fait_le)}


def _verifier_resultats(sortie: Sortie, *, fait_le, emploi_6_mois, situation_amelioree_6_mois) -> None:
    exiger_date(fait_le, "fait_le", apres=sortie.suivi_6_mois_echeance, libelle_apres=_("l'échéance du suivi"))
    if emploi_6_mois is None:
        raise ValidationError({"emploi_6_mois": _("Indiquez si la personne est en emploi.")})
    if situation_amelioree_6_mois is None:
        raise ValidationError({"situation_amelioree_6_mois": _("Indiquez si sa situation s'est améliorée.")})
    sortie.suivi_6_mois_fait_le = fait_le
    sortie.emploi_6_mois = emploi_6_mois
    sortie.situation_amelioree_6_mois = situation_amelioree_6_mois


@transaction.atomic(durable=True)
def suivi_six_mois_enregistrer(
    *,
    acteur,
    parcours: Parcours,
    fait_le: datetime.date,
    emploi_6_mois: bool | None,
    situation_amelioree_6_mois: bool | None,
) -> Sortie:
    """Résultats FSE+ six mois après la sortie : en emploi (EECR05), situation améliorée (EECR06).
    Une seule fois, à partir de l'échéance, par le binôme ou ses encadrants ; ensuite, ``suivi_six_mois_corriger``."""
    exiger_droits(acteur, "suivi_six_mois", parcours)
    parcours = verrouiller(parcours)
    transition = machine.exiger(parcours, "suivi_six_mois")
    sortie = Sortie.objects.select_for_update().get(parcours=parcours)
    if sortie.suivi_6_mois_fait_le is not None:
        raise ValidationError(
            _suivi_fait_le(sortie) + " " + _("Corrigez-le au besoin, avec un motif."), code="deja_fait"
        )
    _verifier_resultats(
        sortie, fait_le=fait_le, emploi_6_mois=emploi_6_mois, situation_amelioree_6_mois=situation_amelioree_6_mois
    )
    sauver(sortie, acteur=acteur, raison="Suivi à 6 mois")
    evenement(parcours, acteur, transition.evenement, _("Suivi à 6 mois enregistré"))
    return sortie


@transaction.atomic(durable=True)
def suivi_six_mois_corriger(
    *,
    acteur,
    parcours: Parcours,
    fait_le: datetime.date,
    emploi_6_mois: bool | None,
    situation_amelioree_6_mois: bool | None,
    motif: str,
) -> Sortie:
    """Correction d'un suivi à six mois déjà fait : mêmes droits et contrôles, motif obligatoire, conservé dans
    l'historique de la sortie (valeurs d'avant comprises) et dans la chronologie."""
    exiger_droits(acteur, "suivi_six_mois", parcours)
    parcours = verrouiller(parcours)
    transition = machine.exiger(parcours, "suivi_six_mois")
    sortie = Sortie.objects.select_for_update().get(parcours=parcours)
    if sortie.suivi_6_mois_fait_le is None:
        raise ValidationError(
            _("Le suivi à six mois n'a pas encore été fait : enregistrez-le."), code="pas_encore_fait"
        )
    motif = texte(
        motif,
        "motif",
        obligatoire=True,
        longueur=LONGUEUR_TEXTE_COURT,
        message=_("Indiquez le motif de la correction."),
    )
    _verifier_resultats(
        sortie, fait_le=fait_le, emploi_6_mois=emploi_6_mois, situation_amelioree_6_mois=situation_amelioree_6_mois
    )
    sauver(sortie, acteur=acteur, raison=_("Correction du suivi à 6 mois : %(motif)s") % {"motif": motif})
    evenement(
        parcours, acteur, transition.evenement, _("Suivi à 6 mois corrigé (motif : %(motif)s)") % {"motif": motif}
    )
    return sortie


__all__ = ["parcours_sortir", "suivi_six_mois_corriger", "suivi_six_mois_enregistrer"]
