"""Fichiers iCalendar (RFC 5545) : l'invitation iTIP (RFC 5546) envoyée à la personne et le flux d'abonnement.

Un seul endroit fabrique les VEVENT, avec le paquet ``icalendar`` :

- ``invitation(rdv, methode=…)`` : METHOD:REQUEST (planification, modification) ou METHOD:CANCEL (annulation,
  STATUS:CANCELLED), avec ORGANIZER et ATTENDEE, l'UID stable du rendez-vous et son SEQUENCE ; à joindre à un
  courriel comme partie ``text/calendar; method=…`` (iMIP, RFC 6047) ;
- ``flux(evenements, nom=…)`` : le calendrier d'abonnement d'un professionnel, sans METHOD.

Les heures sont écrites en Europe/Paris avec le VTIMEZONE correspondant.
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

FUSEAU = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Binôme//Accompagnement global//FR"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def uid(rendez_vous, *, complement: str = "") -> str:
    """UID iCalendar du rendez-vous (ou de la séance collective) : stable du premier envoi à l'annulation.

    ``complement`` distingue plusieurs objets d'un même événement : l'invitation de chaque inscrit d'une séance
    collective (``<uid de la séance>-<inscription>@…``) est la sienne, annulable pour lui seul."""
    suffixe = f"-{complement}" if complement else ""
    return f"{rendez_vous.uid}{suffixe}@{urlsplit(settings.BINOME_URL_SITE).hostname or 'binome'}"


def vevenement(
    *,
    identifiant: str,
    debut: datetime.datetime,
    duree_minutes: int,
    resume: str,
    sequence: int = 0,
    lieu: str = "",
    description: str = "",
    url: str = "",
    annule: bool = False,
    horodatage: datetime.datetime | None = None,
) -> icalendar.Event:
    """Un VEVENT. ``debut`` est un datetime conscient ; il est écrit à l'heure de Paris."""
    evenement = icalendar.Event()
    evenement.add("uid", identifiant)
    evenement.add("dtstamp", horodatage or timezone.now())
    debut_paris = debut.astimezone(FUSEAU)
    evenement.add("dtstart", debut_paris)
    evenement.add("dtend", debut_paris + datetime.timedelta(minutes=duree_minutes))
    evenement.add("sequence", sequence)
    evenement.add("summary", resume)
    if lieu:
        evenement.add("location", lieu)
    if description:
        evenement.add("description", description)
    if url:
        evenement.add("url", url)
    evenement.add("status", "CANCELLED" if annule else "CONFIRMED")
    return evenement


def calendrier(evenements, *, methode: str | None = None, nom: str = "") -> bytes:
    """Le fichier .ics : VCALENDAR, VTIMEZONE d'Europe/Paris et les événements."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if methode:
        cal.add("method", methode)
    if nom:
        cal.add("x-wr-calname", nom)
        cal.add("x-wr-timezone", "Europe/Paris")
    for evenement in evenements:
        cal.add_component(evenement)
    cal.add_missing_timezones()
    return cal.to_ical()


def _adresse(courriel: str, *, nom: str, partstat: str, role: str = "REQ-PARTICIPANT") -> icalendar.vCalAddress:
    """Un participant (ATTENDEE) : ``mailto:`` de son courriel, sans réponse attendue (RSVP=FALSE)."""
    return icalendar.vCalAddress.new(
        courriel, cn=nom or None, cutype="INDIVIDUAL", partstat=partstat, role=role, rsvp=False
    )


def invitation(
    rendez_vous,
    *,
    methode: str,
    resume: str,
    lieu: str = "",
    description: str = "",
    url: str = "",
    horodatage: datetime.datetime | None = None,
) -> bytes:
    """L'invitation iTIP du rendez-vous à la personne : METHOD:REQUEST (planifié, modifié, rappel) ou METHOD:CANCEL.

    ORGANIZER : l'organisateur (``mailto:`` de son adresse) ; ATTENDEE : la personne (PARTSTAT=NEEDS-ACTION,
    RSVP=FALSE), puis les professionnels présents (PARTSTAT=ACCEPTED). UID stable (``uid``), SEQUENCE du
    rendez-vous ; l'annulation garde l'UID et porte STATUS:CANCELLED. Le résumé, le lieu et la description sont
    choisis par l'appelant : jamais l'objet saisi (secret partagé).
    """
    personne = rendez_vous.parcours.personne
    return invitation_personne(
        identifiant=uid(rendez_vous),
        debut=rendez_vous.debut,
        duree_minutes=rendez_vous.duree_minutes,
        sequence=rendez_vous.sequence,
        methode=methode,
        organisateur=rendez_vous.organisateur,
        courriel=personne.courriel,
        nom=f"{personne.prenom} {personne.nom}".strip(),
        professionnels=rendez_vous.professionnels.all(),
        resume=resume,
        lieu=lieu,
        description=description,
        url=url,
        horodatage=horodatage,
    )


def invitation_personne(
    *,
    identifiant: str,
    debut: datetime.datetime,
    duree_minutes: int,
    sequence: int,
    methode: str,
    organisateur,
    courriel: str,
    nom: str,
    professionnels=(),
    resume: str,
    lieu: str = "",
    description: str = "",
    url: str = "",
    horodatage: datetime.datetime | None = None,
) -> bytes:
    """L'invitation iTIP d'un événement à une personne (rendez-vous, séance collective) : ORGANIZER
    ``organisateur`` (un utilisateur), ATTENDEE la personne (``courriel``, ``nom`` ; NEEDS-ACTION, RSVP=FALSE)
    puis les ``professionnels`` (ACCEPTED) ; METHOD:CANCEL porte STATUS:CANCELLED."""
    if methode not in (REQUEST, CANCEL):
        raise ValueError(methode)
    evenement = vevenement(
        identifiant=identifiant,
        debut=debut,
        duree_minutes=duree_minutes,
        resume=resume,
        sequence=sequence,
        lieu=lieu,
        description=description,
        url=url,
        annule=methode == CANCEL,
        horodatage=horodatage,
    )
    evenement.add("organizer", icalendar.vCalAddress.new(organisateur.email, cn=organisateur.get_full_name() or None))
    if courriel:
        evenement.add("attendee", _adresse(courriel, nom=nom, partstat="NEEDS-ACTION"))
    for professionnel in sorted(professionnels, key=lambda p: p.pk):
        evenement.add(
            "attendee", _adresse(professionnel.email, nom=professionnel.get_full_name(), partstat="ACCEPTED")
        )
    return calendrier([evenement], methode=methode)
