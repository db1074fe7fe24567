"""Journal des contacts avec la personne.

Un contact se saisit une fois qu'il a eu lieu (ou qu'il a été manqué) ; le rendez-vous suivant est la
« prochaine date prévue ». Un contact **honoré** tient à jour ``Personne.dernier_contact_le`` (délai de
conservation de 2 ans) ; un contact manqué ou excusé ne le change pas. La note est courte et neutre : le
détail social ou de santé va dans une note privée.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import selectors
from binome.accompagnement.enums import CanalContact, PresenceContact, TypeContact, TypeEvenement
from binome.accompagnement.models import LONGUEUR_NOTE_CONTACT, LONGUEUR_TEXTE_COURT, Contact, Parcours, Personne
from binome.accompagnement.services.evenements import evenement_enregistrer


@transaction.atomic(durable=True)
def contact_enregistrer(
    *,
    acteur,
    parcours: Parcours,
    date: datetime.date,
    canal: str,
    type: str = TypeContact.INDIVIDUEL,
    presence: str = PresenceContact.HONORE,
    participants=(),
    autres_participants: str = "",
    prochaine_date: datetime.date | None = None,
    note: str = "",
) -> Contact:
    return _contact_enregistrer(
        acteur=acteur,
        parcours=parcours,
        date=date,
        canal=canal,
        type=type,
        presence=presence,
        participants=participants,
        autres_participants=autres_participants,
        prochaine_date=prochaine_date,
        note=note,
    )


def _erreurs_contact(
    *, parcours, date, canal, type, presence, autres_participants, prochaine_date, note, aujourdhui
) -> dict:
    """Chaque champ du contact (date, canal, type, présence, note) a sa règle et son message."""
    erreurs = {}
    if date is None:
        erreurs["date"] = _("Indiquez la date du contact.")
    elif date > aujourdhui:
        erreurs["date"] = _(
            "Un contact se saisit une fois qu'il a eu lieu. Pour un rendez-vous à venir, renseignez "
            "« prochain contact prévu le »."
        )
    elif date < parcours.date_reperage:
        erreurs["date"] = _("Le contact ne peut pas précéder le début du parcours (%(date)s).") % {
            "date": parcours.date_reperage.strftime("%d/%m/%Y")
        }
    if prochaine_date is not None and date is not None and prochaine_date <= date:
        erreurs["prochaine_date"] = _("Le prochain contact doit être postérieur à celui-ci.")
    if canal not in CanalContact.values:
        erreurs["canal"] = _("Choisissez le canal du contact.")
    if type not in TypeContact.values:
        erreurs["type"] = _("Choisissez le type de contact.")
    if presence not in PresenceContact.values:
        erreurs["presence"] = _("Indiquez si le rendez-vous a été honoré, manqué ou excusé.")
    if len(note) > LONGUEUR_NOTE_CONTACT:
        erreurs["note"] = _("La note est limitée à %(n)s caractères : restez bref et neutre.") % {
            "n": LONGUEUR_NOTE_CONTACT
        }
    if len(autres_participants) > LONGUEUR_TEXTE_COURT:
        erreurs["autres_participants"] = _("%(n)s caractères au plus.") % {"n": LONGUEUR_TEXTE_COURT}
    return erreurs


# Non durable : brique partagée avec la saisie de la présence d'un rendez-vous (``binome.agenda.services``),
# qui écrit le contact dans sa propre transaction.
@transaction.atomic
def _contact_enregistrer(
    *,
    acteur,
    parcours: Parcours,
    date: datetime.date,
    canal: str,
    type: str = TypeContact.INDIVIDUEL,
    presence: str = PresenceContact.HONORE,
    participants=(),
    autres_participants: str = "",
    prochaine_date: datetime.date | None = None,
    note: str = "",
) -> Contact:
    """Contrôle et écrit le contact, met à jour le dernier contact honoré et la chronologie."""
    if not selectors.peut_modifier(acteur, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce parcours."))
    if parcours.personne.anonymise_le:
        raise ValidationError(_("Ce dossier est anonymisé : plus aucun contact ne peut y être saisi."))
    note = (note or "").strip()
    autres_participants = (autres_participants or "").strip()
    aujourdhui = timezone.localdate()
    erreurs = _erreurs_contact(
        parcours=parcours,
        date=date,
        canal=canal,
        type=type,
        presence=presence,
        autres_participants=autres_participants,
        prochaine_date=prochaine_date,
        note=note,
        aujourdhui=aujourdhui,
    )
    if erreurs:
        raise ValidationError(erreurs)
    contact = Contact.objects.create(
        parcours=parcours,
        date=date,
        canal=canal,
        type=type,
        presence=presence,
        autres_participants=autres_participants,
        prochaine_date=prochaine_date,
        note=note,
        auteur=acteur,
    )
    if participants:
        contact.participants.set(participants)
    _apres_contact(acteur=acteur, parcours=parcours, contact=contact, aujourdhui=aujourdhui)
    return contact


def _apres_contact(*, acteur, parcours: Parcours, contact: Contact, aujourdhui: datetime.date) -> None:
    """Dernier contact honoré de la personne (conservation) et ligne de chronologie."""
    date = contact.date
    if contact.presence == PresenceContact.HONORE:
        personne = Personne.objects.select_for_update().get(pk=parcours.personne_id)
        if personne.dernier_contact_le is None or personne.dernier_contact_le < date:
            personne.dernier_contact_le = date
            personne.save(update_fields=["dernier_contact_le", "modifie_le"])
            parcours.personne.dernier_contact_le = date
    evenement_enregistrer(
        personne=parcours.personne,
        parcours=parcours,
        type=TypeEvenement.CONTACT,
        libelle=_("Contact %(type)s (%(canal)s) : %(presence)s")
        % {
            "type": contact.get_type_display().lower(),
            "canal": contact.get_canal_display().lower(),
            "presence": contact.get_presence_display().lower(),
        },
        acteur=acteur,
        date=timezone.now()
        if date == aujourdhui
        else timezone.make_aware(datetime.datetime.combine(date, datetime.time(12))),
    )


__all__ = ["contact_enregistrer"]
