"""Le fichier iCalendar de l'invitation, relu par le paquet icalendar."""

import datetime

import icalendar
import pytest

from binome.agenda import ics
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db


def test_invitation_en_heure_de_paris_avec_vtimezone():
    rdv = RendezVousFactory(debut=datetime.datetime(2025, 7, 1, 8, 0, tzinfo=datetime.UTC))
    contenu = ics.calendrier(
        [
            ics.vevenement(
                identifiant=ics.uid(rdv),
                debut=rdv.debut,
                duree_minutes=rdv.duree_minutes,
                resume="Rendez-vous Binôme",
                sequence=2,
            )
        ],
        methode=ics.REQUEST,
    )
    cal = icalendar.Calendar.from_ical(contenu)
    assert cal["METHOD"] == "REQUEST"
    (evenement,) = cal.walk("VEVENT")
    assert str(evenement["UID"]) == f"{rdv.uid}@127.0.0.1"
    assert evenement["SEQUENCE"] == 2
    debut = evenement.decoded("DTSTART")
    assert str(debut.tzinfo) == "Europe/Paris" and debut.hour == 10  # 8 h UTC = 10 h à Paris en été
    assert evenement.decoded("DTEND") - debut == datetime.timedelta(minutes=45)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
