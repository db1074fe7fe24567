"""Notes privées du travailleur social (secret partagé, CASF L.121-6-2).

Écrites par le seul côté social ; jamais vues de France Travail tant qu'elles ne sont pas partagées. Le
partage est explicite, daté, motivé par une finalité (évaluer, décider, mettre en œuvre) et suppose que la
personne en soit informée. Un partage ne se retire pas : ce qui a été lu a été lu (l'historique le garde).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import selectors
from binome.accompagnement.enums import FinalitePartage, TypeEvenement
from binome.accompagnement.models import LONGUEUR_NOTE_PRIVEE, LONGUEUR_TEXTE_COURT, NotePrivee, Parcours, Personne
from binome.accompagnement.services.evenements import evenement_enregistrer


@transaction.atomic(durable=True)
def note_privee_ecrire(*, acteur, personne: Personne, texte: str, parcours: Parcours | None = None) -> NotePrivee:
    """Ajoute une note privée au dossier (côté social seulement)."""
    if not selectors.peut_ecrire_note_privee(acteur, personne):
        raise PermissionDenied(_("Seul le côté social du binôme écrit des notes privées."))
    organisation = selectors.organisation_sociale_de(acteur, personne)
    if organisation is None:
        raise PermissionDenied(_("Aucune organisation sociale ne vous rattache à ce dossier."))
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": _("Écrivez le texte de la note.")})
    if len(texte) > LONGUEUR_NOTE_PRIVEE:
        raise ValidationError({"texte": _("La note est limitée à %(n)s caractères.") % {"n": LONGUEUR_NOTE_PRIVEE}})
    if parcours is not None and parcours.personne_id != personne.pk:
        raise ValidationError(_("Ce parcours n'est pas celui de la personne."))
    note = NotePrivee.objects.create(
        personne=personne, parcours=parcours, auteur=acteur, organisation_id=organisation, texte=texte
    )
    evenement_enregistrer(
        personne=personne,
        parcours=parcours,
        type=TypeEvenement.NOTE_PRIVEE,
        libelle=_("Note privée ajoutée"),
        acteur=acteur,
        cote_social_seulement=True,
    )
    return note


@transaction.atomic(durable=True)
def note_privee_partager(
    *,
    acteur,
    note: NotePrivee,
    finalite_partage: str,
    personne_informee_le: datetime.date | None,
    precision_finalite: str = "",
) -> NotePrivee:
    """Partage la note avec le reste du binôme (France Travail), pour une finalité dite, personne informée."""
    if not selectors.peut_ecrire_note_privee(acteur, note.personne):
        raise PermissionDenied(_("Seul le côté social du binôme partage une note privée."))
    erreurs = {}
    if finalite_partage not in FinalitePartage.values:
        erreurs["finalite_partage"] = _(
            "Indiquez la finalité du partage : évaluer la situation, décider ou mettre en œuvre une mesure."
        )
    if personne_informee_le is None:
        erreurs["personne_informee_le"] = _(
            "La personne doit être informée du partage : indiquez la date à laquelle elle l'a été."
        )
    elif personne_informee_le > timezone.localdate():
        erreurs["personne_informee_le"] = _("Cette date est dans le futur : informez d'abord la personne.")
    precision_finalite = (precision_finalite or "").strip()
    if len(precision_finalite) > LONGUEUR_TEXTE_COURT:
        erreurs["precision_finalite"] = _("%(n)s caractères au plus.") % {"n": LONGUEUR_TEXTE_COURT}
    if erreurs:
        raise ValidationError(erreurs)
    note = NotePrivee.objects.select_for_update().select_related("personne").get(pk=note.pk)
    if note.est_partagee:
        raise ValidationError(_("Cette note est déjà partagée."))
    note.partagee_le = timezone.now()
    note.partagee_par = acteur
    note.finalite_partage = finalite_partage
    note.precision_finalite = precision_finalite
    note.personne_informee_le = personne_informee_le
    note.save()
    evenement_enregistrer(
        personne=note.personne,
        parcours=note.parcours,
        type=TypeEvenement.NOTE_PRIVEE,
        libelle=_("Note privée partagée avec le binôme (finalité : %(finalite)s)")
        % {"finalite": note.get_finalite_partage_display().lower()},
        acteur=acteur,
    )
    return note


__all__ = ["note_privee_ecrire", "note_privee_partager"]
