"""Manquements au contrat d'engagement d'un bénéficiaire du RSA (décret du 30 mai 2025, ``domaine.md`` §a.4).

Constat par le référent → invitation de la personne devant l'équipe pluridisciplinaire (elle peut y être
entendue) → avis de l'équipe (``seances.decision_enregistrer`` sur le point de l'ordre du jour) → décision datée du
président du conseil départemental, saisie par l'administrateur départemental : suspension-remobilisation (30 à
100 % de l'allocation, 1 à 2 mois, jusqu'à 4 mois en récidive), classement ou suppression (récidive) → la
remobilisation de la personne lève la suspension. Chaque étape est écrite à la chronologie du parcours.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.accompagnement.enums import TypeEvenement
from binome.core.historique import sauver
from binome.instances import enums as e
from binome.instances import selectors
from binome.instances.models import LONGUEUR_DECISION, Manquement
from binome.instances.services._commun import chronologie, date_passee, jour, refuser_si, texte


def _verrouiller(manquement) -> Manquement:
    return Manquement.objects.select_for_update().select_related("parcours__personne").get(pk=manquement.pk)


@transaction.atomic(durable=True)
def manquement_constater(*, acteur, parcours, date, nature, constat) -> Manquement:
    refuser_si(
        not selectors.peut_constater(acteur, parcours),
        _("Un manquement se constate par un référent du parcours d'un bénéficiaire du RSA."),
    )
    if not machine.est_en_cours(parcours):
        raise ValidationError(_("Un manquement au contrat d'engagement concerne un parcours en cours."))
    date_passee(date, "date")
    if nature not in e.NatureManquement.values:
        raise ValidationError({"nature": _("Choisissez la nature du manquement.")})
    manquement = Manquement(
        parcours=parcours,
        date=date,
        nature=nature,
        constat=texte(constat, "constat", obligatoire=True, longueur=LONGUEUR_DECISION),
        constate_par=acteur,
    )
    sauver(manquement, acteur=acteur, raison=_("Constat d'un manquement"))
    chronologie(
        parcours,
        acteur=acteur,
        type_evenement=TypeEvenement.MANQUEMENT,
        libelle=_("Manquement au contrat d'engagement constaté (%(nature)s, %(date)s)")
        % {"nature": manquement.get_nature_display(), "date": jour(date)},
    )
    return manquement


@transaction.atomic(durable=True)
def invitation_enregistrer(*, acteur, manquement, invitee_le, entendue=None, observations="") -> Manquement:
    """La personne est invitée devant l'équipe pluridisciplinaire ; après la séance, on note si elle a été
    entendue et ses observations (lues par le référent et l'administrateur, jamais par les membres)."""
    manquement = _verrouiller(manquement)
    refuser_si(not selectors.peut_suivre_manquement(acteur, manquement), _("Vous ne suivez pas ce parcours."))
    if manquement.statut not in e.STATUTS_MANQUEMENT_OUVERTS:
        raise ValidationError(_("La décision sur ce manquement est déjà prise."))
    if invitee_le is None or invitee_le < manquement.date:
        raise ValidationError({"invitee_le": _("L'invitation suit le manquement.")})
    manquement.invitee_le, manquement.entendue = invitee_le, entendue
    manquement.observations = texte(observations, "observations", obligatoire=False, longueur=LONGUEUR_DECISION)
    return sauver(manquement, acteur=acteur, raison=_("Invitation de la personne devant l'équipe pluridisciplinaire"))


def _recidive(manquement: Manquement) -> bool:
    return (
        Manquement.objects.filter(
            parcours__personne_id=manquement.parcours.personne_id,
            decision=e.SuiteManquement.SUSPENSION_REMOBILISATION,
        )
        .exclude(pk=manquement.pk)
        .exists()
    )


def _valider_suspension(manquement, taux, duree_mois, suspension_debut) -> None:
    if taux is None or not e.TAUX_MINIMUM <= taux <= e.TAUX_MAXIMUM:
        raise ValidationError({"taux": _("De 30 à 100 % de l'allocation.")})
    plafond = e.DUREE_RECIDIVE_MOIS if _recidive(manquement) else e.DUREE_PREMIER_MANQUEMENT_MOIS
    if duree_mois is None or not 1 <= duree_mois <= plafond:
        raise ValidationError({"duree_mois": _("De 1 à %(n)s mois pour ce manquement.") % {"n": plafond}})
    if suspension_debut is None or suspension_debut < manquement.decision_le:
        raise ValidationError({"suspension_debut": _("La suspension commence à la décision ou après.")})


_STATUT_APRES = {
    e.SuiteManquement.SUSPENSION_REMOBILISATION: e.StatutManquement.SUSPENDU,
    e.SuiteManquement.CLASSEMENT: e.StatutManquement.CLASSE,
    e.SuiteManquement.SUPPRESSION: e.StatutManquement.SUPPRIME,
}


def _libelle_decision(manquement) -> str:
    libelle = _("Décision du président du conseil départemental (%(date)s) : %(decision)s") % {
        "date": jour(manquement.decision_le),
        "decision": manquement.get_decision_display().lower(),
    }
    if manquement.decision == e.SuiteManquement.SUSPENSION_REMOBILISATION:
        libelle += _(", %(taux)s %% pendant %(duree)s mois à partir du %(debut)s") % {
            "taux": manquement.taux,
            "duree": manquement.duree_mois,
            "debut": jour(manquement.suspension_debut),
        }
    return libelle


@transaction.atomic(durable=True)
def sanction_decider(
    *, acteur, manquement, decision, decision_le, taux=None, duree_mois=None, suspension_debut=None
) -> Manquement:
    manquement = _verrouiller(manquement)
    refuser_si(
        not selectors.peut_decider_sanction(acteur, manquement),
        _("La décision du président du conseil départemental est saisie par l'administrateur départemental."),
    )
    if manquement.statut != e.StatutManquement.AVIS_RENDU:
        raise ValidationError(_("La décision suit l'avis de l'équipe pluridisciplinaire, et une seule fois."))
    date_passee(decision_le, "decision_le")
    if decision_le < manquement.avis_le:
        raise ValidationError({"decision_le": _("La décision suit l'avis de l'équipe pluridisciplinaire.")})
    if decision not in e.SuiteManquement.values:
        raise ValidationError({"decision": _("Choisissez la décision.")})
    if decision == e.SuiteManquement.SUPPRESSION and not _recidive(manquement):
        raise ValidationError({"decision": _("La suppression ne se décide qu'en cas de récidive.")})
    manquement.decision, manquement.decision_le = decision, decision_le
    if decision == e.SuiteManquement.SUSPENSION_REMOBILISATION:
        _valider_suspension(manquement, taux, duree_mois, suspension_debut)
        manquement.taux, manquement.duree_mois, manquement.suspension_debut = taux, duree_mois, suspension_debut
    manquement.statut = _STATUT_APRES[decision]
    sauver(manquement, acteur=acteur, raison=_("Décision du président du conseil départemental"))
    chronologie(
        manquement.parcours,
        acteur=acteur,
        type_evenement=TypeEvenement.MANQUEMENT_DECISION,
        libelle=_libelle_decision(manquement),
    )
    return manquement


@transaction.atomic(durable=True)
def remobilisation_enregistrer(*, acteur, manquement, remobilise_le) -> Manquement:
    """La personne se remobilise : la suspension prend fin (les sommes retenues lui sont reversées)."""
    manquement = _verrouiller(manquement)
    refuser_si(
        not (
            selectors.peut_suivre_manquement(acteur, manquement) or selectors.peut_decider_sanction(acteur, manquement)
        ),
        _("Vous ne suivez pas ce parcours."),
    )
    if manquement.statut != e.StatutManquement.SUSPENDU:
        raise ValidationError(_("Seule une suspension-remobilisation en cours est levée par la remobilisation."))
    date_passee(remobilise_le, "remobilise_le")
    if remobilise_le < manquement.suspension_debut:
        raise ValidationError({"remobilise_le": _("La remobilisation suit le début de la suspension.")})
    manquement.remobilise_le, manquement.statut = remobilise_le, e.StatutManquement.REMOBILISE
    sauver(manquement, acteur=acteur, raison=_("Remobilisation"))
    chronologie(
        manquement.parcours,
        acteur=acteur,
        type_evenement=TypeEvenement.REMOBILISATION,
        libelle=_("Remobilisation le %(date)s : la suspension de l'allocation est levée")
        % {"date": jour(remobilise_le)},
    )
    return manquement
