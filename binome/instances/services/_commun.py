"""Briques communes des services des instances (non durables : appelées dans la transaction d'un service)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accompagnement.services.evenements import evenement_enregistrer


def refuser_si(condition: bool, message: str) -> None:
    if condition:
        raise PermissionDenied(message)


def texte(valeur, champ: str, *, obligatoire: bool, longueur: int) -> str:
    resultat = (valeur or "").strip()
    if obligatoire and not resultat:
        raise ValidationError({champ: _("Ce champ est obligatoire.")})
    if len(resultat) > longueur:
        raise ValidationError({champ: _("%(n)s caractères au plus.") % {"n": longueur}})
    return resultat


def date_passee(valeur, champ: str) -> None:
    if valeur is None:
        raise ValidationError({champ: _("Indiquez la date.")})
    if valeur > timezone.localdate():
        raise ValidationError({champ: _("La date ne peut pas être dans le futur.")})


def jour(valeur) -> str:
    return date_format(valeur, "SHORT_DATE_FORMAT")


def chronologie(parcours, *, acteur, type_evenement: str, libelle: str) -> None:
    """Écrit à la chronologie du parcours (libellé neutre : ni synthèse, ni observation de la personne)."""
    evenement_enregistrer(
        personne=parcours.personne, parcours=parcours, type=type_evenement, libelle=libelle, acteur=acteur
    )
