"""Briques partagées des services des actions collectives (aucune n'est une action à elle seule)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.collectif import envois, selectors
from binome.collectif.enums import StatutInscription
from binome.collectif.models import Inscription
from binome.core.historique import sauver


def nettoyer(texte) -> str:
    return (texte or "").strip()


def exiger_gestion(acteur, action) -> None:
    if not selectors.peut_gerer(acteur, action):
        raise PermissionDenied(_("Vous ne pouvez pas gérer cette action collective."))


def annoncer_inscription(inscription: Inscription) -> None:
    identifiant = inscription.pk
    transaction.on_commit(lambda: envois.annoncer_inscription(identifiant))


def annoncer_annulation(inscription: Inscription) -> None:
    identifiant = inscription.pk
    transaction.on_commit(lambda: envois.annoncer_annulation(identifiant))


def annoncer_modification(seance) -> None:
    identifiant = seance.pk
    transaction.on_commit(lambda: envois.annoncer_modification_seance(identifiant))


def chronologie(inscription: Inscription, acteur, action: str) -> None:
    """Ligne neutre de la chronologie du parcours : la séance (titre, date), jamais le détail social."""
    seance = inscription.seance
    evenement_enregistrer(
        personne=inscription.parcours.personne,
        parcours=inscription.parcours,
        type=TypeEvenement.RENDEZ_VOUS,
        libelle=_("Séance collective %(action)s : %(titre)s, %(quand)s")
        % {
            "action": action,
            "titre": seance.action.titre,
            "quand": date_format(timezone.localtime(seance.debut), "SHORT_DATETIME_FORMAT"),
        },
        acteur=acteur,
    )


def promouvoir(seance, acteur) -> list[Inscription]:
    """Les premières personnes de la liste d'attente prennent les places libres (ordre des demandes).

    ``seance`` est relue sous verrou par l'appelant ; chaque personne promue est prévenue après le commit.
    """
    inscrites = seance.inscriptions.filter(statut=StatutInscription.INSCRITE).count()
    libres = seance.places - inscrites
    if libres <= 0:
        return []
    promues = list(
        seance.inscriptions.filter(statut=StatutInscription.ATTENTE)
        .select_related("parcours__personne", "seance__action")
        .order_by("demande_le", "pk")[:libres]
    )
    for inscription in promues:
        inscription.statut = StatutInscription.INSCRITE
        sauver(inscription, acteur=acteur, raison="Place libérée : sortie de la liste d'attente")
        chronologie(inscription, acteur, _("confirmée (place libérée)"))
        annoncer_inscription(inscription)
    return promues
