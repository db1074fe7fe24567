"""Contrôles communs aux services de l'agenda (fonctions pures ou lectures, aucune écriture)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.accompagnement import selectors as accompagnement
from binome.agenda.enums import CanalRendezVous, TypeRendezVous
from binome.agenda.models import DUREE_MAXIMALE, DUREE_MINIMALE, LONGUEUR_OBJET

CARACTERES_TELEPHONE = set("0123456789 +.-()")


def exiger_parcours_ouvert(acteur, parcours) -> None:
    """L'acteur peut écrire sur le parcours, qui n'est ni clos ni celui d'un dossier anonymisé."""
    if not accompagnement.peut_modifier(acteur, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas planifier de rendez-vous sur ce parcours."))
    if parcours.personne.anonymise_le:
        raise ValidationError(_("Ce dossier est anonymisé : aucun rendez-vous ne peut y être planifié."))
    if machine.est_clos(parcours):
        raise ValidationError(_("Ce parcours est clos : aucun rendez-vous ne peut y être planifié."))


def erreurs_champs(
    *,
    debut,
    duree_minutes,
    canal: str,
    objet: str,
    lieu: str,
    lien_visio: str,
    telephone: str,
    maintenant: datetime.datetime,
) -> dict:
    """Une erreur en français par champ du rendez-vous (date future, durée, modalité, lieu ou lien, objet)."""
    erreurs = {}
    if not isinstance(debut, datetime.datetime):
        erreurs["debut"] = _("Indiquez la date et l'heure du rendez-vous.")
    elif timezone.is_naive(debut):
        erreurs["debut"] = _("L'heure du rendez-vous doit porter son fuseau horaire.")
    elif debut <= maintenant:
        erreurs["debut"] = _("Un rendez-vous se planifie dans le futur : choisissez une date et une heure à venir.")
    if not isinstance(duree_minutes, int) or not DUREE_MINIMALE <= duree_minutes <= DUREE_MAXIMALE:
        erreurs["duree_minutes"] = _("La durée va de %(min)s minutes à %(max)s heures.") % {
            "min": DUREE_MINIMALE,
            "max": DUREE_MAXIMALE // 60,
        }
    if canal not in CanalRendezVous.values:
        erreurs["canal"] = _("Choisissez la modalité du rendez-vous.")
    if not objet:
        erreurs["objet"] = _("Indiquez l'objet du rendez-vous.")
    elif len(objet) > LONGUEUR_OBJET:
        erreurs["objet"] = _("L'objet est limité à %(n)s caractères.") % {"n": LONGUEUR_OBJET}
    if canal == CanalRendezVous.PRESENTIEL and not lieu:
        erreurs["lieu"] = _("Indiquez le lieu du rendez-vous en présentiel (adresse, bureau).")
    elif len(lieu) > 255:
        erreurs["lieu"] = _("Le lieu est limité à 255 caractères.")
    if canal == CanalRendezVous.VISIO:
        erreurs.update(_erreur_lien(lien_visio))
    if telephone and (len(telephone) > 20 or not set(telephone) <= CARACTERES_TELEPHONE):
        erreurs["telephone"] = _("Saisissez un numéro de téléphone (chiffres, espaces, « + »), 20 caractères au plus.")
    return erreurs


def _erreur_lien(lien: str) -> dict:
    if not lien:
        return {"lien_visio": _("Indiquez le lien de la visioconférence.")}
    try:
        URLValidator(schemes=["https"])(lien)
    except ValidationError:
        return {"lien_visio": _("Saisissez une adresse web complète qui commence par https://.")}
    return {}


def professionnels_du_rendez_vous(*, acteur, parcours, type: str, professionnels) -> list:
    """Les professionnels attendus : l'acteur par défaut ; le conseiller ET le référent social pour un tripartite.

    Seuls le binôme du parcours et l'acteur peuvent être attendus.
    """
    if type not in TypeRendezVous.values:
        raise ValidationError({"type": _("Choisissez le type de rendez-vous.")})
    binome = [p for p in (parcours.conseiller, parcours.referent_social) if p is not None]
    if type == TypeRendezVous.TRIPARTITE:
        if parcours.conseiller_id is None or parcours.referent_social_id is None:
            manque = _("conseiller France Travail") if parcours.conseiller_id is None else _("référent social")
            raise ValidationError(
                {
                    "type": _(
                        "Un rendez-vous tripartite réunit la personne, le conseiller et le référent social : "
                        "ce parcours n'a pas encore de %(manque)s. Complétez le binôme ou planifiez un rendez-vous "
                        "individuel."
                    )
                    % {"manque": manque}
                }
            )
        if professionnels is None:
            return binome
    elif professionnels is None:
        return [acteur]
    professionnels = list(dict.fromkeys(professionnels))
    permis = {p.pk for p in binome} | {acteur.pk}
    if not professionnels or any(p.pk not in permis for p in professionnels):
        raise ValidationError(
            {"professionnels": _("Choisissez les professionnels parmi le binôme du parcours et vous-même.")}
        )
    if type == TypeRendezVous.TRIPARTITE and not {parcours.conseiller_id, parcours.referent_social_id} <= {
        p.pk for p in professionnels
    }:
        raise ValidationError(
            {"professionnels": _("Un rendez-vous tripartite attend le conseiller et le référent social.")}
        )
    return professionnels


def libelle_chronologie(rendez_vous, action: str) -> str:
    """Libellé neutre de la chronologie (jamais l'objet : il peut relever du secret partagé)."""
    quand = date_format(timezone.localtime(rendez_vous.debut), "SHORT_DATETIME_FORMAT")
    modalite = f"{rendez_vous.get_type_display().split(' (')[0].lower()}, {rendez_vous.get_canal_display().lower()}"
    return _("Rendez-vous %(action)s : %(quand)s (%(modalite)s)") % {
        "action": action,
        "quand": quand,
        "modalite": modalite,
    }
