"""Le flux d'abonnement d'un professionnel (.ics) : ses rendez-vous, et demain ses séances collectives.

Le flux est fait d'**événements fournis** : chaque fournisseur (``fournisseur(demande) -> iterable de VEVENT``)
renvoie ceux d'une sorte d'événement pour la ``Demande`` (l'utilisateur, la fenêtre, l'option « prénoms »).
Les rendez-vous sont le premier fournisseur ; une autre application (les séances collectives, plus haut dans
les couches) ajoute le sien par ``brancher(fournisseur)`` dans son ``AppConfig.ready()``. Tous fabriquent leurs
VEVENT avec ``agenda.ics.vevenement`` (la seule fabrique iCalendar) ; le calendrier n'a pas de METHOD.

Ce que le flux contient : les rendez-vous planifiés des 30 derniers jours et de l'année à venir, ceux de ces 30
jours dont la présence est saisie, et ceux annulés depuis 30 jours (STATUS:CANCELLED).

Ce que le flux dit (les agendas en nuage le lisent depuis leurs serveurs, voir ``docs/donnees-personnelles.md``) :
« Rendez-vous Binôme », l'heure, le lieu (jamais l'adresse d'une visite à domicile), un lien vers le rendez-vous
dans l'application ; avec l'option, le prénom et l'initiale du nom de la personne. Jamais l'objet, jamais un
détail social.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.agenda import ics, selectors
from binome.agenda.enums import CanalRendezVous, StatutRendezVous
from binome.core.texte import prenom_initiale

# Le flux montre les 30 derniers jours (un agenda garde ainsi la semaine écoulée) et l'année à venir.
JOURS_PASSES = 30
JOURS_A_VENIR = 366
TITRE = "Rendez-vous Binôme"


@dataclass(frozen=True)
class Demande:
    utilisateur: object
    avec_prenoms: bool
    debut: datetime.datetime
    fin: datetime.datetime
    maintenant: datetime.datetime


_FOURNISSEURS: list[Callable] = []


def brancher(fournisseur: Callable) -> None:
    """Ajoute un fournisseur d'événements au flux (à appeler dans ``AppConfig.ready()``)."""
    if fournisseur not in _FOURNISSEURS:
        _FOURNISSEURS.append(fournisseur)


def fournisseurs() -> list[Callable]:
    return [evenements_des_rendez_vous, *_FOURNISSEURS]


def flux(abonnement, *, maintenant: datetime.datetime | None = None) -> bytes:
    """Le fichier .ics de l'abonné : les événements de chaque fournisseur, triés par date."""
    maintenant = maintenant or timezone.now()
    demande = Demande(
        utilisateur=abonnement.utilisateur,
        avec_prenoms=abonnement.avec_prenoms,
        debut=maintenant - datetime.timedelta(days=JOURS_PASSES),
        fin=maintenant + datetime.timedelta(days=JOURS_A_VENIR),
        maintenant=maintenant,
    )
    evenements = [evenement for fournisseur in fournisseurs() for evenement in fournisseur(demande)]
    evenements.sort(key=lambda evenement: evenement.decoded("dtstart"))
    return ics.calendrier(evenements, nom=_("Binôme — mes rendez-vous"))


def adresse_absolue(chemin: str) -> str:
    return settings.BINOME_URL_SITE.rstrip("/") + chemin


def resume(*, prenom: str = "", nom: str = "", avec_prenoms: bool) -> str:
    """« Rendez-vous Binôme », ou « Rendez-vous Binôme — Marie D. » avec l'option."""
    if not avec_prenoms:
        return TITRE
    personne = prenom_initiale(prenom, nom)
    return f"{TITRE} — {personne}" if personne else TITRE


def _lieu(rdv) -> str:
    """Le lieu d'un rendez-vous en agence ; pour les autres, la modalité (jamais l'adresse du domicile)."""
    if rdv.canal == CanalRendezVous.PRESENTIEL and rdv.lieu:
        return rdv.lieu
    return str(CanalRendezVous(rdv.canal).label)


def _lien(rdv) -> str:
    """La page du rendez-vous dans l'application (droits vérifiés là-bas)."""
    return adresse_absolue(reverse("agenda:rendez_vous", kwargs={"pk": rdv.pk}))


def _vevenement(rdv, demande: Demande, *, annule: bool):
    personne = rdv.parcours.personne
    lien = _lien(rdv)
    return ics.vevenement(
        identifiant=ics.uid(rdv),
        debut=rdv.debut,
        duree_minutes=rdv.duree_minutes,
        resume=resume(prenom=personne.prenom, nom=personne.nom, avec_prenoms=demande.avec_prenoms),
        sequence=rdv.sequence,
        lieu=_lieu(rdv),
        description=_("Détails dans Binôme : %(lien)s") % {"lien": lien},
        url=lien,
        annule=annule,
        horodatage=demande.maintenant,
    )


def evenements_des_rendez_vous(demande: Demande) -> Iterable:
    """Rendez-vous planifiés de l'utilisateur (``selectors.agenda_de``, la définition commune), et ceux de la
    fenêtre qui ne le sont plus : présence saisie (gardés) ou annulés (STATUS:CANCELLED, retirés des agendas).
    Deux requêtes, quel que soit le nombre de rendez-vous."""
    planifies = selectors.agenda_de(demande.utilisateur, debut=demande.debut, fin=demande.fin)
    clos = selectors.rendez_vous_clos_de(demande.utilisateur, debut=demande.debut, fin=demande.fin)
    yield from (_vevenement(rdv, demande, annule=False) for rdv in planifies)
    yield from (_vevenement(rdv, demande, annule=rdv.statut == StatutRendezVous.ANNULE) for rdv in clos)
