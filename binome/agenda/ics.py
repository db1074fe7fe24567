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


def uid(rendez_vous) -> str:
    """UID iCalendar du rendez-vous : stable du premier envoi à l'annulation."""
    return f"{rendez_vous.uid}@{urlsplit(settings.BINOME_URL_SITE).hostname or 'binome'}"


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
