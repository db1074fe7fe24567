"""Choix de la personne enregistrés par le binôme : notice d'information remise, opposition au traitement."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accompagnement import enums as e
from binome.accompagnement.models import Personne
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.confiance import selectors
from binome.core.historique import sauver


def _verifier(acteur, personne, jour):
    if not selectors.peut_ecrire_droits(acteur, personne):
        raise PermissionDenied(_("Seul le binôme ou son encadrement peut enregistrer ce choix de la personne."))
    if personne.anonymise_le is not None:
        raise ValidationError(_("Ce dossier est anonymisé."))
    if jour is not None and jour > timezone.localdate():
        raise ValidationError({"date": _("La date ne peut pas être dans le futur.")})


def _date(jour: datetime.date) -> str:
    return date_format(jour, "SHORT_DATE_FORMAT")


def personne_notice_enregistrer(*, acteur, personne: Personne, date: datetime.date) -> Personne:
    """La notice d'information a été remise (à la première rencontre), à cette date."""
    with transaction.atomic(durable=True):
        _verifier(acteur, personne, date)
        personne = Personne.objects.select_for_update().get(pk=personne.pk)
        personne.notice_remise_le = date
        libelle = _("Notice d'information remise le %(date)s") % {"date": _date(date)}
        sauver(personne, acteur=acteur, raison=libelle, update_fields=["notice_remise_le", "modifie_le"])
        evenement_enregistrer(
            personne=personne, type=e.TypeEvenement.PERSONNE_MODIFIEE, libelle=libelle, acteur=acteur
        )
    return personne


def personne_opposition_enregistrer(*, acteur, personne: Personne, date: datetime.date) -> Personne:
    """La personne s'oppose au traitement (art. 21 RGPD, là où le texte le permet) : drapeau daté."""
    with transaction.atomic(durable=True):
        _verifier(acteur, personne, date)
        personne = Personne.objects.select_for_update().get(pk=personne.pk)
        if personne.opposition_le is not None:
            raise ValidationError(
                _("L'opposition est déjà enregistrée depuis le %(date)s.") % {"date": _date(personne.opposition_le)}
            )
        personne.opposition_le = date
        libelle = _("Opposition exprimée le %(date)s") % {"date": _date(date)}
        sauver(personne, acteur=acteur, raison=libelle, update_fields=["opposition_le", "modifie_le"])
        evenement_enregistrer(personne=personne, type=e.TypeEvenement.OPPOSITION, libelle=libelle, acteur=acteur)
    return personne


def personne_opposition_retirer(*, acteur, personne: Personne) -> Personne:
    """La personne retire son opposition."""
    with transaction.atomic(durable=True):
        _verifier(acteur, personne, None)
        personne = Personne.objects.select_for_update().get(pk=personne.pk)
        if personne.opposition_le is None:
            raise ValidationError(_("Aucune opposition n'est enregistrée."))
        personne.opposition_le = None
        libelle = _("Opposition retirée")
        sauver(personne, acteur=acteur, raison=libelle, update_fields=["opposition_le", "modifie_le"])
        evenement_enregistrer(personne=personne, type=e.TypeEvenement.OPPOSITION, libelle=libelle, acteur=acteur)
    return personne
