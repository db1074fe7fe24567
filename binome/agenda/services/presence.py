"""La présence d'un rendez-vous passé : elle écrit le contact du journal dans la même transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.enums import TypeContact
from binome.accompagnement.models import Contact
from binome.accompagnement.services.contacts import _contact_enregistrer
from binome.agenda.enums import STATUTS_PRESENCE, StatutRendezVous, TypeRendezVous
from binome.agenda.models import RendezVous
from binome.core.historique import sauver


@transaction.atomic(durable=True)
def rendez_vous_enregistrer_presence(
    *,
    acteur,
    rendez_vous: RendezVous,
    presence: str,
    note: str = "",
    prochaine_date: datetime.date | None = None,
) -> Contact:
    """Honoré, manqué ou excusé : une fois le rendez-vous commencé, écrit le contact (type et canal du
    rendez-vous, professionnels attendus comme participants) et garde le lien ``rendez_vous.contact``.

    Si le contact est refusé, rien n'est écrit (même transaction).
    """
    rendez_vous = (
        RendezVous.objects.select_for_update(of=("self",)).select_related("parcours__personne").get(pk=rendez_vous.pk)
    )
    parcours = rendez_vous.parcours
    if not accompagnement.peut_modifier(acteur, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas saisir la présence de ce rendez-vous."))
    if rendez_vous.statut != StatutRendezVous.PLANIFIE:
        raise ValidationError(
            _("La présence de ce rendez-vous ne se saisit plus : il est %(statut)s.")
            % {"statut": rendez_vous.get_statut_display().lower()},
            code="statut",
        )
    if rendez_vous.debut > timezone.now():
        raise ValidationError(
            {"presence": _("Ce rendez-vous n'a pas encore commencé : sa présence se saisit après l'heure prévue.")}
        )
    if presence not in STATUTS_PRESENCE:
        raise ValidationError({"presence": _("Indiquez si le rendez-vous a été honoré, manqué ou excusé.")})
    contact = _contact_enregistrer(
        acteur=acteur,
        parcours=parcours,
        date=timezone.localdate(rendez_vous.debut),
        canal=rendez_vous.canal,
        type=TypeContact.TRIPARTITE if rendez_vous.type == TypeRendezVous.TRIPARTITE else TypeContact.INDIVIDUEL,
        presence=presence,
        participants=list(rendez_vous.professionnels.order_by("pk")),
        prochaine_date=prochaine_date,
        note=note,
    )
    rendez_vous.statut = presence
    rendez_vous.contact = contact
    sauver(rendez_vous, acteur=acteur, raison=f"Présence : {rendez_vous.get_statut_display()}")
    return contact


__all__ = ["rendez_vous_enregistrer_presence"]
