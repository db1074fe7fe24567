"""Planifier, modifier et annuler un rendez-vous ; la personne est prévenue après le commit."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.agenda import envois
from binome.agenda.enums import StatutRendezVous, TypeRendezVous
from binome.agenda.models import LONGUEUR_OBJET, RendezVous
from binome.agenda.services._controles import (
    erreurs_champs,
    exiger_parcours_ouvert,
    libelle_chronologie,
    professionnels_du_rendez_vous,
)
from binome.core.concurrence import verifier_version
from binome.core.historique import sauver

# Ce qui change l'invitation reçue par la personne : le SEQUENCE iTIP augmente, une mise à jour lui est envoyée.
CHAMPS_INVITATION = ("debut", "duree_minutes", "canal", "lieu", "lien_visio", "telephone")
CHAMPS_MODIFIABLES = (*CHAMPS_INVITATION, "objet")
STATUTS_REMPLACABLES = (StatutRendezVous.MANQUE, StatutRendezVous.EXCUSE, StatutRendezVous.ANNULE)


def _annoncer(rendez_vous: RendezVous, motif: str) -> None:
    identifiant = rendez_vous.pk
    transaction.on_commit(lambda: envois.rendez_vous_annonce(rendez_vous_id=identifiant, motif=motif))


def _chronologie(rendez_vous: RendezVous, acteur, action: str) -> None:
    evenement_enregistrer(
        personne=rendez_vous.parcours.personne,
        parcours=rendez_vous.parcours,
        type=TypeEvenement.RENDEZ_VOUS,
        libelle=libelle_chronologie(rendez_vous, action),
        acteur=acteur,
    )


def _a_la_minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0)


def _nettoyer(texte) -> str:
    return (texte or "").strip()


def _exiger_remplacable(parcours, remplace: RendezVous | None) -> None:
    if remplace is None:
        return
    if remplace.parcours_id != parcours.pk or remplace.statut not in STATUTS_REMPLACABLES:
        raise ValidationError(
            {"remplace": _("Seul un rendez-vous manqué, excusé ou annulé de ce parcours peut être remplacé.")}
        )


@transaction.atomic(durable=True)
def rendez_vous_planifier(
    *,
    acteur,
    parcours,
    debut: datetime.datetime,
    duree_minutes: int,
    canal: str,
    objet: str,
    type: str = TypeRendezVous.INDIVIDUEL,
    professionnels=None,
    lieu: str = "",
    lien_visio: str = "",
    telephone: str = "",
    remplace: RendezVous | None = None,
) -> RendezVous:
    """Planifie un rendez-vous (PLANIFIE, SEQUENCE 0) et l'annonce à la personne après le commit."""
    exiger_parcours_ouvert(acteur, parcours)
    objet, lieu, lien_visio, telephone = map(_nettoyer, (objet, lieu, lien_visio, telephone))
    erreurs = erreurs_champs(
        debut=debut,
        duree_minutes=duree_minutes,
        canal=canal,
        objet=objet,
        lieu=lieu,
        lien_visio=lien_visio,
        telephone=telephone,
        maintenant=timezone.now(),
    )
    if erreurs:
        raise ValidationError(erreurs)
    attendus = professionnels_du_rendez_vous(
        acteur=acteur, parcours=parcours, type=type, professionnels=professionnels
    )
    _exiger_remplacable(parcours, remplace)
    rendez_vous = RendezVous(
        parcours=parcours,
        type=type,
        debut=debut,
        duree_minutes=duree_minutes,
        canal=canal,
        objet=objet,
        lieu=lieu,
        lien_visio=lien_visio,
        telephone=telephone,
        remplace=remplace,
        organisateur=acteur,
        cree_par=acteur,
    )
    sauver(rendez_vous, acteur=acteur, raison="Planification" if remplace is None else "Nouveau rendez-vous")
    rendez_vous.professionnels.set(attendus)
    _chronologie(rendez_vous, acteur, _("planifié"))
    _annoncer(rendez_vous, "planifie")
    return rendez_vous


def _exiger_sa_personne(personne, rendez_vous: RendezVous) -> None:
    """La personne agit depuis son espace : sur un rendez-vous à elle seule, d'un parcours ouvert."""
    parcours = rendez_vous.parcours
    if parcours.personne_id != personne.pk or parcours.personne.anonymise_le:
        raise PermissionDenied(_("Ce rendez-vous n'est pas le vôtre."))
    if machine.est_clos(parcours):
        raise ValidationError(_("Ce parcours est clos : ce rendez-vous ne se modifie plus."))


def _relire_planifie(acteur, rendez_vous: RendezVous, *, par_la_personne=None) -> RendezVous:
    """Le rendez-vous relu sous verrou, encore PLANIFIE, sur un parcours où l'acteur peut écrire (ou, depuis son
    espace, un rendez-vous de ``par_la_personne``)."""
    rendez_vous = (
        RendezVous.objects.select_for_update(of=("self",)).select_related("parcours__personne").get(pk=rendez_vous.pk)
    )
    if par_la_personne is not None:
        _exiger_sa_personne(par_la_personne, rendez_vous)
    else:
        exiger_parcours_ouvert(acteur, rendez_vous.parcours)
    if rendez_vous.statut != StatutRendezVous.PLANIFIE:
        raise ValidationError(
            _("Ce rendez-vous est %(statut)s : il ne se modifie plus.")
            % {"statut": rendez_vous.get_statut_display().lower()},
            code="statut",
        )
    return rendez_vous


@transaction.atomic(durable=True)
def rendez_vous_modifier(
    *,
    acteur,
    rendez_vous: RendezVous,
    debut: datetime.datetime | None = None,
    duree_minutes: int | None = None,
    canal: str | None = None,
    lieu: str | None = None,
    lien_visio: str | None = None,
    telephone: str | None = None,
    objet: str | None = None,
    version: str | None = None,
) -> RendezVous:
    """Modifie un rendez-vous PLANIFIE ; un argument laissé à ``None`` ne change pas.

    ``version`` : jeton du formulaire (verrou optimiste, ``core/concurrence.py``). Une nouvelle date, durée,
    modalité, un nouveau lieu, lien ou numéro incrémente ``sequence`` et prévient la personne après le commit.
    """
    changements = {
        champ: valeur
        for champ, valeur in {
            "debut": debut,
            "duree_minutes": duree_minutes,
            "canal": canal,
            "lieu": lieu,
            "lien_visio": lien_visio,
            "telephone": telephone,
            "objet": objet,
        }.items()
        if valeur is not None
    }
    rendez_vous = _relire_planifie(acteur, rendez_vous)
    verifier_version(rendez_vous, version)
    if debut is not None and _a_la_minute(debut) == _a_la_minute(rendez_vous.debut):
        del changements["debut"]  # le formulaire saisit à la minute : même heure, pas de nouvelle invitation
    valeurs = {champ: getattr(rendez_vous, champ) for champ in CHAMPS_MODIFIABLES}
    for champ, valeur in changements.items():
        valeurs[champ] = valeur if champ in ("debut", "duree_minutes") else _nettoyer(valeur)
    modifies = {champ for champ in CHAMPS_MODIFIABLES if valeurs[champ] != getattr(rendez_vous, champ)}
    if not modifies:
        return rendez_vous
    erreurs = erreurs_champs(**valeurs, maintenant=timezone.now())
    if "debut" not in modifies and rendez_vous.debut <= timezone.now():
        erreurs.pop("debut", None)
        erreurs.setdefault("__all__", _("Ce rendez-vous a commencé : saisissez sa présence plutôt que le modifier."))
    if erreurs:
        raise ValidationError(erreurs)
    for champ in modifies:
        setattr(rendez_vous, champ, valeurs[champ])
    invitation_changee = bool(modifies & set(CHAMPS_INVITATION))
    if invitation_changee:
        rendez_vous.sequence += 1
        rendez_vous.confirme_par_la_personne_le = None  # la personne confirme la nouvelle date, pas l'ancienne
    sauver(rendez_vous, acteur=acteur, raison="Modification")
    if invitation_changee:
        _chronologie(rendez_vous, acteur, _("déplacé ou modifié"))
        _annoncer(rendez_vous, "modifie")
    return rendez_vous


def _exiger_a_venir(rendez_vous: RendezVous, message) -> None:
    if rendez_vous.debut <= timezone.now():
        raise ValidationError(message, code="passe")


@transaction.atomic(durable=True)
def rendez_vous_annuler(*, acteur, rendez_vous: RendezVous, motif: str = "", par_la_personne=None) -> RendezVous:
    """Annule un rendez-vous PLANIFIE à venir (ANNULE, ``annule_le``, SEQUENCE + 1) et prévient la personne.

    ``par_la_personne`` (une ``Personne`` ; ``acteur`` vaut alors ``None``) : la personne annule depuis son espace ;
    son motif est facultatif et les professionnels attendus sont prévenus à leur tour, après le commit.
    """
    rendez_vous = _relire_planifie(acteur, rendez_vous, par_la_personne=par_la_personne)
    motif = _nettoyer(motif)
    if not motif and par_la_personne is not None:
        motif = _("Annulé par la personne depuis son espace")
    if not motif:
        raise ValidationError({"motif": _("Indiquez le motif de l'annulation.")})
    if len(motif) > LONGUEUR_OBJET:
        raise ValidationError({"motif": _("Le motif est limité à %(n)s caractères.") % {"n": LONGUEUR_OBJET}})
    if par_la_personne is not None:
        _exiger_a_venir(rendez_vous, _("Ce rendez-vous a commencé : il ne peut plus être annulé."))
    else:
        _exiger_a_venir(
            rendez_vous, _("Ce rendez-vous a commencé : saisissez sa présence (excusé si la personne a prévenu).")
        )
    rendez_vous.statut = StatutRendezVous.ANNULE
    rendez_vous.annule_le = timezone.now()
    rendez_vous.motif_annulation = motif
    rendez_vous.sequence += 1
    par_elle = par_la_personne is not None
    sauver(rendez_vous, acteur=acteur, raison="Annulation par la personne" if par_elle else "Annulation")
    _chronologie(rendez_vous, acteur, _("annulé par la personne") if par_elle else _("annulé"))
    _annoncer(rendez_vous, "annule")
    if par_elle:
        identifiant = rendez_vous.pk
        transaction.on_commit(lambda: envois.professionnels_prevenir(rendez_vous_id=identifiant))
    return rendez_vous


@transaction.atomic(durable=True)
def rendez_vous_confirmer(*, rendez_vous: RendezVous, par_la_personne) -> RendezVous:
    """La personne confirme sa venue depuis son espace (``confirme_par_la_personne_le``), une fois : les
    professionnels le lisent sur le rendez-vous et dans la chronologie. Une modification de l'invitation l'efface."""
    rendez_vous = _relire_planifie(None, rendez_vous, par_la_personne=par_la_personne)
    _exiger_a_venir(rendez_vous, _("Ce rendez-vous a commencé : il n'y a plus rien à confirmer."))
    if rendez_vous.confirme_par_la_personne_le is not None:
        return rendez_vous
    rendez_vous.confirme_par_la_personne_le = timezone.now()
    sauver(rendez_vous, acteur=None, raison="Confirmation par la personne")
    _chronologie(rendez_vous, None, _("confirmé par la personne"))
    return rendez_vous


__all__ = ["rendez_vous_annuler", "rendez_vous_confirmer", "rendez_vous_modifier", "rendez_vous_planifier"]
