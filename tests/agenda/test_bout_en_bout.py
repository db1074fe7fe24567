"""Le parcours complet de l'issue 13, par les vraies routes : un rendez-vous planifié à l'écran part chez la
personne (vrai serveur SMTP, invitation relue par ``icalendar``), apparaît dans l'agenda auquel le professionnel
est abonné, puis devient un contact quand sa présence est saisie."""

import datetime
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement.enums import PresenceContact, TypeContact
from binome.accompagnement.models import Contact, Personne
from binome.agenda import ics
from binome.agenda.enums import CanalRendezVous, StatutRendezVous, TypeRendezVous
from binome.agenda.models import RendezVous
from tests.accompagnement.factories import parcours_du_binome

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)


def _uids(contenu: bytes) -> set[str]:
    return {str(evenement["UID"]) for evenement in icalendar.Calendar.from_ical(contenu).walk("VEVENT")}


def _abonner(client) -> str:
    """Crée l'adresse d'abonnement depuis le profil et la lit sur la page qui la montre une fois."""
    page = client.post(reverse("agenda:abonnement_creer")).content.decode()
    chemin = re.search(r"(/agenda/abonnement/[^\"<\s]+\.ics)", page)
    assert chemin, "l'adresse d'abonnement n'est pas montrée après sa création"
    return chemin.group(1)


def _client(utilisateur) -> Client:
    client = Client()
    client.force_login(utilisateur)
    return client


def test_rendez_vous_planifie_invitation_agenda_puis_contact(
    personas, serveur_smtp, django_capture_on_commit_callbacks
):
    aujourdhui = timezone.localdate()
    parcours = parcours_du_binome(
        personas,
        date_reperage=aujourdhui - 90 * J,
        date_entree=aujourdhui - 60 * J,
        date_fin_prevue=aujourdhui + 300 * J,
    )
    Personne.objects.filter(pk=parcours.personne_id).update(courriel="marie.durand@exemple.fr")
    claire, sophie = _client(personas.conseiller), _client(personas.travailleur_social)
    flux_claire, flux_sophie = _abonner(claire), _abonner(sophie)

    # 1. Claire planifie un tripartite à l'écran.
    with django_capture_on_commit_callbacks(execute=True):
        reponse = claire.post(
            reverse("agenda:planifier", kwargs={"parcours_pk": parcours.pk}),
            {
                "type": TypeRendezVous.TRIPARTITE,
                "date": (aujourdhui + 3 * J).isoformat(),
                "heure": "10:30",
                "duree_minutes": "45",
                "canal": CanalRendezVous.PRESENTIEL,
                "lieu": "Agence d'Aurillac",
                "objet": "Point d'étape",
            },
        )
    assert reponse.status_code == 302
    rdv = RendezVous.objects.get()

    # 2. La personne reçoit la confirmation avec une invitation iTIP valide.
    (recu,) = [r for r in serveur_smtp.recus if "marie.durand@exemple.fr" in r.destinataires]
    invitation = icalendar.Calendar.from_ical(recu.partie("text/calendar").get_content())
    assert invitation["METHOD"] == "REQUEST"
    (evenement,) = invitation.walk("VEVENT")
    assert str(evenement["UID"]) == ics.uid(rdv) and evenement["SEQUENCE"] == 0
    assert evenement.decoded("DTSTART").strftime("%H:%M") == "10:30"
    assert "&#" not in recu.texte("text/plain")

    # 3. Le rendez-vous est dans l'agenda auquel chacun des deux professionnels est abonné.
    anonyme = Client()
    for chemin in (flux_claire, flux_sophie):
        lecture = anonyme.get(chemin)
        assert lecture.status_code == 200 and ics.uid(rdv) in _uids(lecture.content)

    # 4. Une fois l'heure passée, la présence saisie devient un contact du journal.
    RendezVous.objects.filter(pk=rdv.pk).update(debut=timezone.now() - datetime.timedelta(hours=2))
    reponse = sophie.post(reverse("agenda:presence", kwargs={"pk": rdv.pk}), {"presence": PresenceContact.HONORE})
    assert reponse.status_code == 302
    rdv.refresh_from_db()
    contact = Contact.objects.get(parcours=parcours)
    assert rdv.statut == StatutRendezVous.HONORE and rdv.contact == contact
    assert contact.type == TypeContact.TRIPARTITE and contact.presence == PresenceContact.HONORE
