"""Mes rendez-vous : la personne confirme ou annule un rendez-vous (services de l'agenda, « par la personne »),
télécharge son fichier calendrier ; un rendez-vous ou une séance d'une autre personne répond 404."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement.models import Evenement
from binome.agenda import ics
from binome.agenda.enums import StatutRendezVous
from binome.confiance.models import Action, EntreeJournal
from tests.espace.pages_outils import dossier_complet, rendez_vous_a_venir
from tests.espace_outils import connecter_personne

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(personas, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    dossier = dossier_complet(personas)
    connecter_personne(client, dossier.espace)
    return dossier


@pytest.fixture
def autre(personas):
    """Le dossier d'une autre personne du même département, suivie par le même binôme."""
    return dossier_complet(personas, prenom="Marius", nom="Ferrand")


def _url(nom, rdv):
    return reverse(f"espace:{nom}", kwargs={"rendez_vous_pk": rdv.pk})


def test_confirmer_sa_venue(dossier, client, django_capture_on_commit_callbacks):
    rdv = dossier.rendez_vous
    reponse = client.post(_url("rendez_vous_confirmer", rdv), follow=True)
    assert "Merci : votre venue est confirmée." in reponse.content.decode()
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.PLANIFIE and rdv.confirme_par_la_personne_le is not None
    assert rdv.history.first().history_change_reason == "Confirmation par la personne"
    assert Evenement.objects.filter(parcours=rdv.parcours, libelle__contains="confirmé par la personne").exists()
    assert EntreeJournal.objects.filter(
        personne_id=dossier.personne.pk, route="espace:rendez_vous_confirmer", action=Action.SAISIE
    ).exists()
    assert "Venue confirmée le" in client.get(reverse("espace:rendez_vous")).content.decode()


def test_une_modification_de_l_invitation_efface_la_confirmation(dossier, client, personas):
    from binome.agenda import services

    rdv = dossier.rendez_vous
    client.post(_url("rendez_vous_confirmer", rdv))
    rdv.refresh_from_db()
    services.rendez_vous_modifier(
        acteur=personas.conseiller, rendez_vous=rdv, debut=rdv.debut + datetime.timedelta(hours=2)
    )
    rdv.refresh_from_db()
    assert rdv.confirme_par_la_personne_le is None


def test_annuler_previent_la_personne_et_les_professionnels(
    dossier, client, personas, django_capture_on_commit_callbacks
):
    rdv = dossier.rendez_vous
    assert "Oui, annuler ce rendez-vous" in client.get(_url("rendez_vous_annuler", rdv)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(_url("rendez_vous_annuler", rdv), {"motif": "Je commence un emploi ce jour-là"})
    assert reponse.status_code == 302 and reponse["Location"] == reverse("espace:rendez_vous")
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.ANNULE and rdv.motif_annulation == "Je commence un emploi ce jour-là"
    assert rdv.sequence == 1
    assert rdv.history.first().history_change_reason == "Annulation par la personne"
    destinataires = {tuple(m.to) for m in mail.outbox}
    assert ("inaya@exemple.org",) in destinataires  # la personne : l'annulation iTIP, comme d'ordinaire
    pour_le_pro = [m for m in mail.outbox if personas.conseiller.email in m.to]
    assert len(pour_le_pro) == 1
    assert "Inaya B. a annulé" in pour_le_pro[0].subject
    assert reverse("agenda:rendez_vous", args=[rdv.pk]) in pour_le_pro[0].body
    assert "Je commence un emploi" not in pour_le_pro[0].body and rdv.objet not in pour_le_pro[0].body
    assert "Agence France Travail, 12 rue de la Gare" not in client.get(reverse("espace:rendez_vous")).content.decode()


def test_annuler_sans_motif_pose_un_motif_neutre(dossier, client):
    client.post(_url("rendez_vous_annuler", dossier.rendez_vous))
    dossier.rendez_vous.refresh_from_db()
    assert dossier.rendez_vous.motif_annulation == "Annulé par la personne depuis son espace"


def test_un_rendez_vous_passe_ne_s_annule_pas(dossier, client, personas):
    rdv = rendez_vous_a_venir(dossier.parcours, personas.conseiller, jours=-1)
    reponse = client.post(_url("rendez_vous_annuler", rdv), follow=True)
    assert "il ne peut plus être annulé" in reponse.content.decode()
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.PLANIFIE


@pytest.mark.parametrize("nom", ["rendez_vous_confirmer", "rendez_vous_annuler", "rendez_vous_ics"])
def test_le_rendez_vous_d_une_autre_personne_repond_404(dossier, autre, client, nom):
    methode = client.get if nom == "rendez_vous_ics" else client.post
    assert methode(_url(nom, autre.rendez_vous)).status_code == 404
    autre.rendez_vous.refresh_from_db()
    assert autre.rendez_vous.statut == StatutRendezVous.PLANIFIE
    assert autre.rendez_vous.confirme_par_la_personne_le is None
    assert client.get(_url("rendez_vous_annuler", autre.rendez_vous)).status_code == 404


def test_la_seance_d_une_autre_personne_repond_404(dossier, autre, client):
    url = reverse("espace:seance_ics", kwargs={"inscription_pk": autre.inscription.pk})
    assert client.get(url).status_code == 404


def test_confirmer_et_annuler_exigent_un_post(dossier, client):
    assert client.get(_url("rendez_vous_confirmer", dossier.rendez_vous)).status_code == 405


def _evenement(contenu: bytes) -> icalendar.Event:
    calendrier = icalendar.Calendar.from_ical(contenu)
    evenements = list(calendrier.walk("VEVENT"))
    assert len(evenements) == 1
    return evenements[0]


def test_fichier_calendrier_d_un_rendez_vous(dossier, client):
    rdv = dossier.rendez_vous
    reponse = client.get(_url("rendez_vous_ics", rdv))
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/calendar")
    assert "attachment" in reponse["Content-Disposition"]
    evenement = _evenement(reponse.content)
    assert str(evenement["UID"]) == ics.uid(rdv)  # le même objet que l'invitation reçue par courriel
    assert evenement.decoded("DTSTART") == rdv.debut
    assert evenement.decoded("DTEND") - evenement.decoded("DTSTART") == datetime.timedelta(minutes=rdv.duree_minutes)
    assert str(evenement["LOCATION"]) == "Agence France Travail, 12 rue de la Gare"
    assert rdv.objet not in reponse.content.decode()


def test_fichier_calendrier_d_une_seance(dossier, client):
    inscription = dossier.inscription
    reponse = client.get(reverse("espace:seance_ics", kwargs={"inscription_pk": inscription.pk}))
    assert reponse.status_code == 200
    evenement = _evenement(reponse.content)
    assert str(evenement["SUMMARY"]) == "Atelier collectif"
    assert evenement.decoded("DTSTART") == inscription.seance.debut
    assert str(evenement["LOCATION"]) == "Maison des solidarités, salle 2"
    assert evenement.decoded("DTSTART") > timezone.now()
