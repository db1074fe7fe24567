"""Ce que la personne reçoit d'un rendez-vous, lu sur un vrai serveur SMTP (aiosmtpd) : courriel texte et HTML,
invitation iMIP relue par ``icalendar`` (REQUEST, SEQUENCE incrémentée, CANCEL), SMS, rappel J-2 une seule fois."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from binome.agenda import ics, notifications
from binome.agenda.enums import CanalRendezVous, StatutRendezVous
from binome.agenda.envois import rendez_vous_annonce
from binome.agenda.models import RendezVous
from binome.agenda.taches import envoyer_rappels_rendez_vous
from binome.core import sms
from tests import factories as f
from tests.accompagnement.factories import ParcoursFactory, PersonneFactory
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

OBJET_SECRET = "Sevrage alcoolique au CSAPA"
MOTS_SECRETS = ("Sevrage", "alcoolique", "CSAPA")


def _rendez_vous(*, courriel="lea.martin@exemple.fr", portable="06 12 34 56 78", **champs) -> RendezVous:
    personne = PersonneFactory(prenom="Léa", nom="Martin", courriel=courriel, telephone=portable)
    agence = f.OrganisationFactory(
        nom="Agence France Travail d'Aurillac", departement=personne.departement, telephone="04 71 00 00 00"
    )
    conseillere = f.UtilisateurFactory(prenom="Claire", nom="Dubois", email="claire.dubois@exemple.gouv.fr")
    parcours = ParcoursFactory(personne=personne, conseiller=conseillere, organisation_conseiller=agence)
    referent = f.UtilisateurFactory(prenom="Sophie", nom="Bernard", email="sophie.bernard@exemple.gouv.fr")
    champs.setdefault("professionnels", [conseillere, referent])
    return RendezVousFactory(parcours=parcours, organisateur=conseillere, objet=OBJET_SECRET, **champs)


def _calendrier(recu) -> icalendar.Calendar:
    partie = recu.partie("text/calendar")
    assert partie is not None, "aucune partie text/calendar"
    return icalendar.Calendar.from_ical(partie.get_content())


def _tout_le_texte(recu) -> str:
    """Tout ce que le message dit : en-têtes et chaque partie décodée (texte, HTML, invitation, pièce jointe)."""
    morceaux = [f"{cle}: {valeur}" for cle, valeur in recu.message.items()]
    for partie in recu.message.walk():
        if not partie.is_multipart():
            contenu = partie.get_content()
            morceaux.append(contenu.decode() if isinstance(contenu, bytes) else contenu)
    return "\n".join(morceaux)


def test_confirmation_recue_avec_invitation_request(serveur_smtp, boite_sms):
    rdv = _rendez_vous()  # mercredi 5 mars 2025, 9 h 30 UTC = 10 h 30 à Paris
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="planifie")

    (recu,) = serveur_smtp.recus
    assert recu.destinataires == ("lea.martin@exemple.fr",)
    assert recu.sujet == "Rendez-vous d'accompagnement le mercredi 5 mars 2025 à 10 h 30"
    assert recu.message["Reply-To"] == "claire.dubois@exemple.gouv.fr"
    texte = recu.texte()
    assert "Votre rendez-vous d'accompagnement est fixé." in texte
    assert "Lieu : Agence France Travail, 12 rue de la Gare" in texte
    assert "Avec : Claire Dubois (Agence France Travail d'Aurillac)" in texte
    assert "04 71 00 00 00" in texte
    assert not re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", texte, re.IGNORECASE), "entité HTML dans le texte"
    assert "<strong>mercredi 5 mars 2025</strong>" in recu.texte("text/html")
    assert recu.partie("text/calendar")["Content-Type"].params["method"] == "REQUEST"
    assert any(p.get_filename() == "invitation.ics" for p in recu.message.iter_attachments())

    cal = _calendrier(recu)
    assert cal["METHOD"] == "REQUEST"
    (evenement,) = cal.walk("VEVENT")
    assert str(evenement["UID"]) == ics.uid(rdv)
    assert evenement["SEQUENCE"] == 0
    assert str(evenement["SUMMARY"]) == "Rendez-vous d'accompagnement"
    assert str(evenement["ORGANIZER"]) == "mailto:claire.dubois@exemple.gouv.fr"
    participants = {str(a): a.params for a in evenement["ATTENDEE"]}
    personne = participants["mailto:lea.martin@exemple.fr"]
    assert (personne["PARTSTAT"], personne["RSVP"], personne["CN"]) == ("NEEDS-ACTION", "FALSE", "Léa Martin")
    assert participants["mailto:sophie.bernard@exemple.gouv.fr"]["PARTSTAT"] == "ACCEPTED"
    debut = evenement.decoded("DTSTART")
    assert (str(debut.tzinfo), debut.hour, debut.minute) == ("Europe/Paris", 10, 30)
    assert evenement.decoded("DTEND") - debut == datetime.timedelta(minutes=45)

    rdv.refresh_from_db()
    assert rdv.confirmation_envoyee_le is not None
    (sms_recu,) = boite_sms
    assert sms_recu.numero == "+33612345678"
    # Premier rendez-vous de la personne : le lien de la notice (tests/agenda/test_notice_premier_rdv.py) passe
    # avant la structure, raccourcie ; le lieu reste entier.
    assert sms_recu.texte == (
        "Rendez-vous d'accompagnement le mer. 5/03 à 10h30, Agence France Travail, 12 rue de la Gare. "
        "Agence Franc… Vos droits : http://127.0.0.1:8000/mon-espace/notice/"
    )
    assert len(sms_recu.texte) <= sms.LONGUEUR_SMS


def test_modification_meme_uid_sequence_incrementee(serveur_smtp):
    rdv = _rendez_vous()
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="planifie")
    # Ce que fera le service de modification : nouvelle heure, SEQUENCE + 1.
    RendezVous.objects.filter(pk=rdv.pk).update(
        debut=datetime.datetime(2025, 3, 6, 13, 0, tzinfo=datetime.UTC), sequence=rdv.sequence + 1
    )
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="modifie")

    premier, second = serveur_smtp.recus
    assert second.sujet == "Rendez-vous d'accompagnement modifié : jeudi 6 mars 2025 à 14 h"
    avant, apres = (_calendrier(r).walk("VEVENT")[0] for r in (premier, second))
    assert str(apres["UID"]) == str(avant["UID"]) == ics.uid(rdv)
    assert (avant["SEQUENCE"], apres["SEQUENCE"]) == (0, 1)
    assert _calendrier(second)["METHOD"] == "REQUEST"
    assert apres.decoded("DTSTART").hour == 14


def test_annulation_method_cancel_status_cancelled(serveur_smtp, boite_sms):
    rdv = _rendez_vous()
    RendezVous.objects.filter(pk=rdv.pk).update(
        statut=StatutRendezVous.ANNULE,
        annule_le=timezone.now(),
        motif_annulation="Hospitalisation en addictologie",
        sequence=1,
    )
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="annule")

    (recu,) = serveur_smtp.recus
    assert recu.sujet == "Rendez-vous d'accompagnement annulé : mercredi 5 mars 2025 à 10 h 30"
    assert recu.partie("text/calendar")["Content-Type"].params["method"] == "CANCEL"
    cal = _calendrier(recu)
    assert cal["METHOD"] == "CANCEL"
    (evenement,) = cal.walk("VEVENT")
    assert (str(evenement["UID"]), evenement["SEQUENCE"], str(evenement["STATUS"])) == (ics.uid(rdv), 1, "CANCELLED")
    assert "Hospitalisation" not in _tout_le_texte(recu)  # le motif d'annulation ne part pas
    assert "annulé" in boite_sms[0].texte and "Hospitalisation" not in boite_sms[0].texte


def test_aucun_mot_de_l_objet_secret_dans_les_messages(serveur_smtp, boite_sms):
    rdv = _rendez_vous()
    for motif in ("planifie", "modifie"):
        rendez_vous_annonce(rendez_vous_id=rdv.pk, motif=motif)
    notifications.envoyer(rdv, notifications.RAPPEL)
    assert len(serveur_smtp.recus) == 3 and len(boite_sms) == 3
    for contenu in [_tout_le_texte(r) for r in serveur_smtp.recus] + [s.texte for s in boite_sms]:
        assert "Martin" not in contenu.replace("Léa Martin", "")  # la personne seulement dans « Bonjour » et CN
        for mot in MOTS_SECRETS:
            assert mot not in contenu


def test_personne_sans_courriel_recoit_le_sms_seulement(serveur_smtp, boite_sms):
    rdv = _rendez_vous(courriel="")
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="planifie")
    assert serveur_smtp.recus == [] and mail.outbox == []
    assert [s.numero for s in boite_sms] == ["+33612345678"]
    rdv.refresh_from_db()
    assert rdv.confirmation_envoyee_le is not None


def test_personne_injoignable_ni_courriel_ni_sms(serveur_smtp, boite_sms):
    rdv = _rendez_vous(courriel="", portable="")
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="planifie")
    assert serveur_smtp.recus == [] and boite_sms == []
    rdv.refresh_from_db()
    assert rdv.confirmation_envoyee_le is None  # la convocation postale reste à imprimer


def test_numero_invalide_le_courriel_part_quand_meme(serveur_smtp, boite_sms):
    rdv = _rendez_vous(portable="12 34")
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="planifie")
    assert len(serveur_smtp.recus) == 1 and boite_sms == []


def test_confirmation_d_un_rendez_vous_deja_annule_ne_part_pas(serveur_smtp, boite_sms):
    rdv = _rendez_vous(statut=StatutRendezVous.ANNULE, annule_le=timezone.now())
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="planifie")
    assert serveur_smtp.recus == [] and boite_sms == []


def test_motif_inconnu_refuse():
    with pytest.raises(ValueError):
        rendez_vous_annonce(rendez_vous_id=1, motif="rappel")


def test_sms_tient_en_160_caracteres_avec_un_long_lieu():
    rdv = _rendez_vous(lieu="Maison départementale des solidarités, " + "bâtiment B, " * 15 + "15000 Aurillac")
    texte = notifications.texte_sms(rdv, notifications.RAPPEL)
    assert len(texte) <= sms.LONGUEUR_SMS
    assert texte.startswith("Rappel : rendez-vous d'accompagnement le mer. 5/03 à 10h30, Maison départementale")


@pytest.mark.parametrize(
    ("canal", "champs", "attendu"),
    [
        (CanalRendezVous.TELEPHONE, {"telephone": "04 71 00 00 01", "lieu": ""}, "Par téléphone (04 71 00 00 01)"),
        (CanalRendezVous.VISIO, {"lien_visio": "https://visio.exemple.fr/abc", "lieu": ""}, "En visioconférence"),
        (CanalRendezVous.VISITE_DOMICILE, {"lieu": ""}, "À votre domicile"),
    ],
)
def test_lieu_selon_la_modalite(serveur_smtp, canal, champs, attendu):
    rdv = _rendez_vous(canal=canal, **champs)
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="planifie")
    (recu,) = serveur_smtp.recus
    assert attendu in recu.texte(), recu.texte()
    evenement = _calendrier(recu).walk("VEVENT")[0]
    assert str(evenement["LOCATION"]) == champs.get("lien_visio", attendu)


# --- Rappel J-2 --------------------------------------------------------------------------------------------


def _a(jours: int, heure: int = 10) -> datetime.datetime:
    jour = timezone.localdate() + datetime.timedelta(days=jours)
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure)), ics.FUSEAU)


def test_rappel_deux_jours_avant_une_seule_fois(serveur_smtp, boite_sms):
    dans_deux_jours = _rendez_vous(debut=_a(2), sequence=3)
    _rendez_vous(debut=_a(1))  # demain : trop tard pour le rappel J-2
    _rendez_vous(debut=_a(3))  # après-demain + 1 : rappel demain
    _rendez_vous(debut=_a(2, heure=15), statut=StatutRendezVous.ANNULE, annule_le=timezone.now())
    _rendez_vous(debut=_a(2, heure=16), courriel="", portable="")  # injoignable : convocation postale

    envoyer_rappels_rendez_vous.enqueue()
    envoyer_rappels_rendez_vous.enqueue()  # relancée (deux planificateurs, reprise) : rien ne repart

    (recu,) = serveur_smtp.recus
    assert recu.sujet.startswith("Rappel : rendez-vous d'accompagnement le ")
    cal = _calendrier(recu)
    (evenement,) = cal.walk("VEVENT")
    assert cal["METHOD"] == "REQUEST"
    assert (str(evenement["UID"]), evenement["SEQUENCE"]) == (ics.uid(dans_deux_jours), 3)
    assert len(boite_sms) == 1 and boite_sms[0].texte.startswith("Rappel : ")
    dans_deux_jours.refresh_from_db()
    assert dans_deux_jours.rappel_envoye_le is not None


def test_rappel_en_echec_est_libere(serveur_smtp, monkeypatch):
    rdv = _rendez_vous(debut=_a(2))

    def panne(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(notifications, "envoyer", panne)
    assert notifications.rappels_envoyer() == 0
    rdv.refresh_from_db()
    assert rdv.rappel_envoye_le is None
    monkeypatch.undo()
    assert notifications.rappels_envoyer() == 1


def test_une_modification_rouvre_le_rappel(serveur_smtp):
    rdv = _rendez_vous(rappel_envoye_le=timezone.now())
    rendez_vous_annonce(rendez_vous_id=rdv.pk, motif="modifie")
    rdv.refresh_from_db()
    assert rdv.rappel_envoye_le is None and rdv.confirmation_envoyee_le is not None


def test_rappel_inscrit_parmi_les_taches_planifiees_quotidiennes():
    from binome.confiance.planification import TACHES_PLANIFIEES, Rythme

    entree = next(t for t in TACHES_PLANIFIEES if t.nom == "rappels_rendez_vous")
    assert entree.tache is envoyer_rappels_rendez_vous and entree.rythme == Rythme.QUOTIDIENNE


def test_commande_de_gestion_avec_date(serveur_smtp):
    from io import StringIO

    from django.core.management import call_command

    _rendez_vous()  # mercredi 5 mars 2025 : rappel le lundi 3 mars
    sortie = StringIO()
    call_command("envoyer_rappels_rendez_vous", "--date", "2025-03-03", stdout=sortie)
    call_command("envoyer_rappels_rendez_vous", "--date", "2025-03-03", stdout=sortie)
    assert sortie.getvalue().splitlines() == ["1 rappels envoyés.", "0 rappels envoyés."]
    assert len(serveur_smtp.recus) == 1
