"""Planifier, modifier et annuler une séance ; saisir ses présences (contacts « collectif » au journal)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement.enums import CanalContact, PresenceContact, TypeContact
from binome.accompagnement.models import LONGUEUR_NOTE_CONTACT, Contact
from binome.accompagnement.services.contacts import _apres_contact
from binome.collectif import selectors
from binome.collectif.enums import PresenceSeance, StatutInscription, StatutSeance
from binome.collectif.models import CAPACITE_MAXIMALE, DUREE_MAXIMALE, DUREE_MINIMALE, SeanceCollective
from binome.collectif.services._commun import (
    annoncer_annulation,
    annoncer_modification,
    chronologie,
    exiger_gestion,
    nettoyer,
    promouvoir,
)
from binome.core.historique import sauver

# Ce qui change l'invitation des inscrits : SEQUENCE + 1 et nouvelle invitation après le commit.
CHAMPS_INVITATION = ("debut", "duree_minutes", "lieu")
_INCHANGE = object()


def _erreurs_seance(*, debut, duree_minutes, lieu, capacite, animateurs_externes, verifier_debut=True) -> dict:
    erreurs = {}
    if not isinstance(debut, datetime.datetime):
        erreurs["debut"] = _("Indiquez la date et l'heure de la séance.")
    elif timezone.is_naive(debut):
        erreurs["debut"] = _("L'heure de la séance doit porter son fuseau horaire.")
    elif verifier_debut and debut <= timezone.now():
        erreurs["debut"] = _("Une séance se planifie dans le futur : choisissez une date et une heure à venir.")
    if not isinstance(duree_minutes, int) or not DUREE_MINIMALE <= duree_minutes <= DUREE_MAXIMALE:
        erreurs["duree_minutes"] = _("La durée va de %(min)s minutes à %(max)s heures.") % {
            "min": DUREE_MINIMALE,
            "max": DUREE_MAXIMALE // 60,
        }
    if not lieu:
        erreurs["lieu"] = _("Indiquez le lieu de la séance (adresse, salle).")
    elif len(lieu) > 255:
        erreurs["lieu"] = _("Le lieu est limité à 255 caractères.")
    if capacite is not None and (not isinstance(capacite, int) or not 1 <= capacite <= CAPACITE_MAXIMALE):
        erreurs["capacite"] = _("Le nombre de places va de 1 à %(max)s.") % {"max": CAPACITE_MAXIMALE}
    if len(animateurs_externes) > 255:
        erreurs["animateurs_externes"] = _("255 caractères au plus.")
    return erreurs


def _animateurs(action, animateurs) -> list:
    animateurs = list(dict.fromkeys(animateurs or ()))
    permis = set(selectors.animateurs_possibles(action.departement_id).values_list("pk", flat=True))
    if any(a.pk not in permis for a in animateurs):
        raise ValidationError({"animateurs": _("Choisissez les animateurs parmi les professionnels du département.")})
    return animateurs


@transaction.atomic(durable=True)
def seance_creer(
    *,
    acteur,
    action,
    debut: datetime.datetime,
    duree_minutes: int,
    lieu: str,
    capacite: int | None = None,
    animateurs=None,
    animateurs_externes: str = "",
) -> SeanceCollective:
    """Planifie une séance d'une action proposée ; sans animateur désigné, l'acteur anime."""
    exiger_gestion(acteur, action)
    if not action.proposee:
        raise ValidationError(_("Cette action n'est plus proposée : elle ne reçoit plus de nouvelle séance."))
    lieu, animateurs_externes = nettoyer(lieu), nettoyer(animateurs_externes)
    erreurs = _erreurs_seance(
        debut=debut, duree_minutes=duree_minutes, lieu=lieu, capacite=capacite, animateurs_externes=animateurs_externes
    )
    if erreurs:
        raise ValidationError(erreurs)
    choisis = _animateurs(action, animateurs)
    if not choisis and not animateurs_externes:
        choisis = [acteur]
    seance = SeanceCollective(
        action=action,
        debut=debut,
        duree_minutes=duree_minutes,
        lieu=lieu,
        capacite=capacite,
        animateurs_externes=animateurs_externes,
        cree_par=acteur,
    )
    sauver(seance, acteur=acteur, raison="Planification de la séance")
    seance.animateurs.set(choisis)
    return seance


def _relire(acteur, seance) -> SeanceCollective:
    seance = SeanceCollective.objects.select_for_update(of=("self",)).select_related("action").get(pk=seance.pk)
    exiger_gestion(acteur, seance.action)
    return seance


def _exiger_a_venir(seance) -> None:
    if seance.statut != StatutSeance.PLANIFIEE:
        raise ValidationError(
            _("Cette séance est %(statut)s : elle ne se modifie plus.")
            % {"statut": seance.get_statut_display().lower()}
        )
    if seance.debut <= timezone.now():
        raise ValidationError(_("Cette séance a commencé : saisissez ses présences plutôt que la modifier."))


def _actives(seance):
    return seance.inscriptions.filter(
        statut__in=(StatutInscription.INSCRITE, StatutInscription.ATTENTE)
    ).select_related("parcours__personne", "seance__action")


@transaction.atomic(durable=True)
def seance_modifier(
    *,
    acteur,
    seance: SeanceCollective,
    debut: datetime.datetime | None = None,
    duree_minutes: int | None = None,
    lieu: str | None = None,
    capacite=_INCHANGE,
    animateurs=None,
    animateurs_externes: str | None = None,
) -> SeanceCollective:
    """Modifie une séance à venir ; un argument laissé à ``None`` ne change pas (``capacite=None`` : celle de
    l'action). Date, durée ou lieu changés : SEQUENCE + 1, chronologie des inscrits et nouvelle invitation."""
    seance = _relire(acteur, seance)
    _exiger_a_venir(seance)
    valeurs = {
        "debut": seance.debut if debut is None else debut.replace(second=0, microsecond=0),
        "duree_minutes": seance.duree_minutes if duree_minutes is None else duree_minutes,
        "lieu": seance.lieu if lieu is None else nettoyer(lieu),
        "capacite": seance.capacite if capacite is _INCHANGE else capacite,
        "animateurs_externes": seance.animateurs_externes
        if animateurs_externes is None
        else nettoyer(animateurs_externes),
    }
    if valeurs["debut"] == seance.debut.replace(second=0, microsecond=0):
        valeurs["debut"] = seance.debut
    erreurs = _erreurs_seance(**valeurs, verifier_debut=valeurs["debut"] != seance.debut)
    inscrites = seance.inscriptions.filter(statut=StatutInscription.INSCRITE).count()
    if "capacite" not in erreurs and (valeurs["capacite"] or seance.action.capacite) < inscrites:
        erreurs["capacite"] = _("La séance compte déjà %(n)s inscrits : prévoyez au moins autant de places.") % {
            "n": inscrites
        }
    if erreurs:
        raise ValidationError(erreurs)
    invitation = any(valeurs[champ] != getattr(seance, champ) for champ in CHAMPS_INVITATION)
    for champ, valeur in valeurs.items():
        setattr(seance, champ, valeur)
    if invitation:
        seance.sequence += 1
    sauver(seance, acteur=acteur, raison="Modification de la séance")
    if animateurs is not None:
        seance.animateurs.set(_animateurs(seance.action, animateurs))
    promouvoir(seance, acteur)
    if invitation:
        for inscription in _actives(seance).order_by("pk"):
            chronologie(inscription, acteur, _("déplacée ou modifiée"))
        annoncer_modification(seance)
    return seance


@transaction.atomic(durable=True)
def seance_annuler(*, acteur, seance: SeanceCollective) -> SeanceCollective:
    """Annule une séance à venir (ANNULEE, SEQUENCE + 1) ; chaque personne inscrite ou en attente est prévenue."""
    seance = _relire(acteur, seance)
    _exiger_a_venir(seance)
    seance.statut = StatutSeance.ANNULEE
    seance.annulee_le = timezone.now()
    seance.sequence += 1
    sauver(seance, acteur=acteur, raison="Annulation de la séance")
    for inscription in _actives(seance).order_by("pk"):
        chronologie(inscription, acteur, _("annulée"))
        annoncer_annulation(inscription)
    return seance


def _contact_collectif(*, acteur, inscription, presence: str, participants: list) -> Contact:
    """Le contact « collectif » au journal de la personne (même transaction que la saisie des présences)."""
    parcours = inscription.parcours
    contact = Contact(
        parcours=parcours,
        date=timezone.localdate(inscription.seance.debut),
        canal=CanalContact.PRESENTIEL,
        type=TypeContact.COLLECTIF,
        presence=PresenceContact(presence),
        note=(_("Séance collective : %(titre)s") % {"titre": inscription.seance.action.titre})[:LONGUEUR_NOTE_CONTACT],
        auteur=acteur,
    )
    sauver(contact, acteur=acteur, raison="Présence à une séance collective")
    if participants:
        contact.participants.set(participants)
    _apres_contact(acteur=acteur, parcours=parcours, contact=contact, aujourdhui=timezone.localdate())
    return contact


@transaction.atomic(durable=True)
def seance_saisir_presences(*, acteur, seance: SeanceCollective, presences: dict) -> SeanceCollective:
    """Présences d'une séance commencée, en une étape : ``presences`` = {pk d'inscription : HONORE, MANQUE ou
    EXCUSE} pour chaque personne inscrite. Chacune reçoit un contact « collectif » (présentiel, date de la séance,
    animateurs comme participants) ; la séance passe TENUE. Une erreur n'écrit rien."""
    seance = _relire(acteur, seance)
    if seance.statut != StatutSeance.PLANIFIEE:
        raise ValidationError(
            _("Les présences de cette séance ne se saisissent plus : elle est %(statut)s.")
            % {"statut": seance.get_statut_display().lower()}
        )
    if seance.debut > timezone.now():
        raise ValidationError(_("Cette séance n'a pas encore commencé : ses présences se saisissent après."))
    inscriptions = list(
        seance.inscriptions.filter(statut=StatutInscription.INSCRITE)
        .select_related("parcours__personne", "seance__action")
        .order_by("pk")
    )
    manquantes = [i for i in inscriptions if presences.get(i.pk) not in PresenceSeance.values]
    if manquantes or set(presences) - {i.pk for i in inscriptions}:
        raise ValidationError(_("Indiquez pour chaque personne inscrite si elle était présente, absente ou excusée."))
    participants = list(seance.animateurs.order_by("pk"))
    for inscription in inscriptions:
        inscription.presence = presences[inscription.pk]
        if not inscription.parcours.personne.anonymise_le:
            inscription.contact = _contact_collectif(
                acteur=acteur, inscription=inscription, presence=inscription.presence, participants=participants
            )
        sauver(inscription, acteur=acteur, raison="Présence à la séance")
    seance.statut = StatutSeance.TENUE
    seance.presences_saisies_le = timezone.now()
    sauver(seance, acteur=acteur, raison="Présences saisies")
    return seance


__all__ = ["seance_annuler", "seance_creer", "seance_modifier", "seance_saisir_presences"]
