"""Entrée en accompagnement : désignation du binôme, fin prévue et copie figée des caractéristiques.

Transitions : ``activer`` (→ ``ACTIF``) et ``activer_social_exclusif`` (→ ``SOCIAL_EXCLUSIF``), selon la
décision du dernier diagnostic. Conventions : ``services/_commun.py``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine, selectors
from binome.accompagnement.enums import (
    DECISIONS_AVEC_ENTREE,
    STATUTS_ORIENTATION_EN_ATTENTE,
    DecisionDiagnostic,
    Modalite,
    StatutOrientation,
)
from binome.accompagnement.models import Diagnostic, Parcours
from binome.accompagnement.services._commun import (
    aujourdhui,
    date_courte,
    durees_departement,
    evenement,
    exiger_date,
    exiger_droits,
    minuscule,
    verrouiller,
)
from binome.accompagnement.services.modalite import _changer_modalite
from binome.core.historique import sauver


def _membre_valide(possibles, utilisateur, organisation, champ: str, message: str) -> None:
    if utilisateur is None or organisation is None:
        raise ValidationError({champ: message})
    if not possibles.filter(utilisateur=utilisateur, organisation=organisation).exists():
        raise ValidationError({champ: message})


def _diagnostic_d_entree(parcours: Parcours) -> Diagnostic:
    diagnostic = Diagnostic.objects.filter(parcours=parcours).order_by("-date", "-pk").first()
    if diagnostic is None or diagnostic.decision not in DECISIONS_AVEC_ENTREE:
        raise ValidationError(
            _(
                "L'entrée suit un diagnostic partagé qui décide l'accompagnement global ou social exclusif, "
                "avec l'adhésion de la personne."
            ),
            code="diagnostic_manquant",
        )
    if not diagnostic.adhesion:
        raise ValidationError(_("L'entrée exige l'adhésion de la personne."), code="adhesion_manquante")
    return diagnostic


def _premiere_entree(parcours: Parcours, diagnostic: Diagnostic, date_entree) -> None:
    """Date d'entrée, fin prévue (durée du département) et copie figée des caractéristiques de la personne."""
    exiger_date(date_entree, "date_entree", apres=diagnostic.date, libelle_apres=_("le diagnostic partagé"))
    if Parcours.objects.filter(personne_id=parcours.personne_id, date_entree=date_entree).exists():
        raise ValidationError({"date_entree": _("Un autre parcours de cette personne commence déjà à cette date.")})
    duree_mois, _renouvellement = durees_departement(parcours.departement_id)
    parcours.date_entree = date_entree
    parcours.date_fin_prevue = calculs.fin_prevue(date_entree, duree_mois)
    for champ, valeur in calculs.caracteristiques_de_la_personne(parcours.personne, date_entree).items():
        setattr(parcours, champ, valeur)


@transaction.atomic(durable=True)
def parcours_activer(
    *,
    acteur,
    parcours: Parcours,
    conseiller,
    organisation_conseiller,
    referent_social,
    organisation_referent,
    date_entree: datetime.date | None = None,
) -> Parcours:
    """Entrée en accompagnement : le binôme (conseiller France Travail de son agence, référent social de son
    unité ou du conseil départemental) est désigné et le parcours devient ``ACTIF`` (décision ``GLOBAL``) ou
    ``SOCIAL_EXCLUSIF`` selon le dernier diagnostic, qui doit décider l'entrée avec l'adhésion de la personne.

    Première entrée : date d'entrée (pas avant le diagnostic), fin prévue = entrée +
    ``ParametresDepartement.duree_parcours_mois`` et copie figée des caractéristiques de la personne.
    Retour du social exclusif (le parcours a déjà une entrée) : la date d'entrée, la fin prévue et la copie
    figée sont conservées ; seuls la modalité et le binôme changent.
    """
    # Long : le binôme se valide côté France Travail puis côté social, avec un message propre à chacun.
    exiger_droits(acteur, "activer", parcours)
    parcours = verrouiller(parcours)
    machine.exiger(parcours, "activer")
    diagnostic = _diagnostic_d_entree(parcours)
    _membre_valide(
        selectors.conseillers_possibles(parcours.departement_id),
        conseiller,
        organisation_conseiller,
        "conseiller",
        _("Choisissez un conseiller France Travail et son agence, dans le département de la personne."),
    )
    _membre_valide(
        selectors.referents_possibles(parcours.departement_id),
        referent_social,
        organisation_referent,
        "referent_social",
        _("Choisissez un travailleur social et son organisation, dans le département de la personne."),
    )
    premiere_entree = parcours.date_entree is None
    if premiere_entree:
        _premiere_entree(parcours, diagnostic, date_entree)
    global_ = diagnostic.decision == DecisionDiagnostic.GLOBAL
    transition = machine.appliquer(parcours, "activer" if global_ else "activer_social_exclusif")
    nouvelle = Modalite.GLOBAL if global_ else Modalite.SOCIAL_EXCLUSIF
    if premiere_entree:
        parcours.modalite = parcours.modalite_entree = nouvelle
    else:  # reprise après un retour du social exclusif : un changement daté, la modalité à l'entrée reste
        _changer_modalite(
            parcours, nouvelle=nouvelle, date=aujourdhui(), acteur=acteur, motif=_("Nouveau diagnostic partagé")
        )
    parcours.conseiller = conseiller
    parcours.organisation_conseiller = organisation_conseiller
    parcours.referent_social = referent_social
    parcours.organisation_referent = organisation_referent
    sauver(parcours, acteur=acteur, raison="Entrée" if premiere_entree else "Retour après diagnostic")
    for orientation in parcours.orientations.select_for_update().filter(statut__in=STATUTS_ORIENTATION_EN_ATTENTE):
        orientation.statut = StatutOrientation.ACCEPTEE
        orientation.traitee_par = orientation.traitee_par or acteur
        orientation.traitee_le = orientation.traitee_le or timezone.now()
        sauver(orientation, acteur=acteur, raison="Entrée")
    modalite = minuscule(Modalite(parcours.modalite).label)
    libelle = (
        _("Entrée en %(modalite)s le %(date)s") % {"modalite": modalite, "date": date_courte(parcours.date_entree)}
        if premiere_entree
        else _("Reprise en %(modalite)s après un nouveau diagnostic") % {"modalite": modalite}
    )
    evenement(parcours, acteur, transition.evenement, libelle)
    return parcours


__all__ = ["parcours_activer"]
