"""Inscrire une personne à une séance depuis son parcours (avec son accord daté), la désinscrire."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.collectif import selectors
from binome.collectif.enums import StatutInscription, StatutSeance
from binome.collectif.models import Inscription, SeanceCollective
from binome.collectif.services._commun import annoncer_annulation, annoncer_inscription, chronologie, promouvoir
from binome.core.historique import sauver


def _exiger_parcours(acteur, parcours, seance) -> None:
    if not selectors.peut_inscrire(acteur, parcours, en_cours=False):
        raise PermissionDenied(_("Vous ne pouvez pas inscrire la personne de ce parcours."))
    if not machine.est_en_cours(parcours):
        raise ValidationError(_("Seule une personne dont le parcours est en cours peut être inscrite."))
    if parcours.departement_id != seance.action.departement_id:
        raise ValidationError(_("Cette séance est proposée dans un autre département que celui du parcours."))


def _erreurs_inscription(*, seance, parcours, accord_le, action_plan) -> dict:
    erreurs = {}
    if seance.statut != StatutSeance.PLANIFIEE or seance.debut <= timezone.now():
        erreurs["seance"] = _("On ne s'inscrit qu'à une séance à venir, ni annulée ni déjà tenue.")
    if not isinstance(accord_le, datetime.date):
        erreurs["accord_le"] = _("Indiquez la date à laquelle la personne a donné son accord pour cette inscription.")
    elif accord_le > timezone.localdate():
        erreurs["accord_le"] = _("L'accord de la personne ne peut pas être daté dans le futur.")
    if action_plan is not None and action_plan.plan.parcours_id != parcours.pk:
        erreurs["action_plan"] = _("Choisissez une action du plan de cette personne.")
    return erreurs


@transaction.atomic(durable=True)
def inscription_creer(
    *, acteur, seance: SeanceCollective, parcours, accord_le: datetime.date | None, action_plan=None
) -> Inscription:
    """Inscrit la personne du parcours : sur une place s'il en reste, sinon sur la liste d'attente.

    Une inscription par séance et par parcours (une personne désinscrite peut redemander : sa ligne reprend, en
    fin de liste d'attente si la séance est complète). La confirmation part après le commit (place seulement).
    """
    seance = SeanceCollective.objects.select_for_update(of=("self",)).select_related("action").get(pk=seance.pk)
    _exiger_parcours(acteur, parcours, seance)
    erreurs = _erreurs_inscription(seance=seance, parcours=parcours, accord_le=accord_le, action_plan=action_plan)
    if erreurs:
        raise ValidationError(erreurs)
    existante = Inscription.objects.select_for_update().filter(seance=seance, parcours=parcours).first()
    if existante is not None and existante.statut != StatutInscription.DESINSCRITE:
        raise ValidationError(
            _("Cette personne est déjà inscrite à cette séance (%(statut)s).")
            % {"statut": existante.get_statut_display().lower()},
            code="doublon",
        )
    complete = seance.inscriptions.filter(statut=StatutInscription.INSCRITE).count() >= seance.places
    inscription = existante or Inscription(seance=seance, parcours=parcours)
    inscription.statut = StatutInscription.ATTENTE if complete else StatutInscription.INSCRITE
    inscription.accord_le = accord_le
    inscription.action_plan = action_plan
    inscription.demande_le = timezone.now()
    inscription.presence = ""
    inscription.inscrite_par = acteur
    sauver(inscription, acteur=acteur, raison="Liste d'attente" if complete else "Inscription")
    chronologie(inscription, acteur, _("liste d'attente") if complete else _("inscription"))
    if not complete:
        annoncer_inscription(inscription)
    return inscription


@transaction.atomic(durable=True)
def inscription_desinscrire(*, acteur, inscription: Inscription) -> Inscription:
    """Désinscrit la personne d'une séance à venir ; la première personne en attente prend la place libérée."""
    seance_id = Inscription.objects.values_list("seance_id", flat=True).get(pk=inscription.pk)
    seance = SeanceCollective.objects.select_for_update(of=("self",)).select_related("action").get(pk=seance_id)
    inscription = (
        Inscription.objects.select_for_update(of=("self",)).select_related("parcours__personne").get(pk=inscription.pk)
    )
    inscription.seance = seance
    if not selectors.peut_inscrire(acteur, inscription.parcours, en_cours=False):
        raise PermissionDenied(_("Vous ne pouvez pas désinscrire la personne de ce parcours."))
    if inscription.statut == StatutInscription.DESINSCRITE:
        raise ValidationError(_("Cette personne est déjà désinscrite."))
    if seance.statut != StatutSeance.PLANIFIEE or seance.debut <= timezone.now():
        raise ValidationError(_("On ne se désinscrit que d'une séance à venir."))
    liberait_une_place = inscription.statut == StatutInscription.INSCRITE
    inscription.statut = StatutInscription.DESINSCRITE
    sauver(inscription, acteur=acteur, raison="Désinscription")
    chronologie(inscription, acteur, _("désinscription"))
    annoncer_annulation(inscription)
    if liberait_une_place:
        promouvoir(seance, acteur)
    return inscription


__all__ = ["inscription_creer", "inscription_desinscrire"]
