"""Ce que reçoivent les inscrits d'une séance collective, lu sur un vrai serveur SMTP (aiosmtpd) : confirmation avec
invitation iMIP relue par ``icalendar`` (REQUEST, UID propre à chaque inscrit, SEQUENCE de la séance, Europe/Paris),
nouvelle invitation après modification, annulation (CANCEL) pour la seule personne désinscrite, SMS, rappel J-2 une
seule fois (tâche planifiée), aucun détail social."""

import datetime

import icalendar
import pytest
from django.utils import formats, timezone, translation

from binome.agenda import ics
from binome.collectif import envois, notifications
from binome.collectif.enums import StatutInscription, StatutSeance
from binome.collectif.models import Inscription, SeanceCollective
from binome.collectif.taches import envoyer_rappels_seances
from binome.core import sms
from tests import factories as f
from tests.collectif.factories import ActionCollectiveFactory, InscriptionFactory, SeanceCollectiveFactory

pytestmark = pytest.mark.django_db

TITRE_SENSIBLE = "Groupe de parole surendettement et addictions"
MOTS_INTERDITS = ("surendettement", "addictions", "Groupe de parole", "RSA")


def _a(jours: int, heure: int = 14) -> datetime.datetime:
    jour = timezone.localdate() + datetime.timedelta(days=jours)
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure)), ics.FUSEAU)


def _seance(jours: int = 10, **champs) -> SeanceCollective:
    animatrice = f.UtilisateurFactory(prenom="Sophie", nom="Bernard", email="sophie.bernard@exemple.gouv.fr")
    action = ActionCollectiveFactory(titre=TITRE_SENSIBLE, cree_par=animatrice)
    action.organisation.telephone = "04 71 00 00 00"
    action.organisation.save()
    return SeanceCollectiveFactory(action=action, debut=_a(jours), **champs)


def _inscrire(seance, *, prenom="Léa", courriel="lea.martin@exemple.fr", portable="06 12 34 56 78", **champs):
    conseillere = f.UtilisateurFactory(prenom="Claire", nom="Dubois", email="claire.dubois@exemple.gouv.fr")
    return InscriptionFactory(
        seance=seance,
        inscrite_par=conseillere,
        parcours__personne__prenom=prenom,
        parcours__personne__nom="Martin",
        parcours__personne__courriel=courriel,
        parcours__personne__telephone=portable,
        **champs,
    )


def _calendrier(recu) -> icalendar.Calendar:
    partie = recu.partie("text/calendar")
    assert partie is not None, "aucune partie text/calendar"
    return icalendar.Calendar.from_ical(partie.get_content())


def _tout_le_texte(recu) -> str:
    morceaux = [f"{cle}: {valeur}" for cle, valeur in recu.message.items()]
    for partie in recu.message.walk():
        if not partie.is_multipart():
            contenu = partie.get_content()
            morceaux.append(contenu.decode() if isinstance(contenu, bytes) else contenu)
    return "\n".join(morceaux)


def _date_longue(moment) -> str:
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(moment), "l j F Y")


def test_confirmation_avec_invitation_request_propre_a_l_inscrit(serveur_smtp, boite_sms):
    seance = _seance()
    inscription = _inscrire(seance)
    envois.annoncer_inscription(inscription.pk)

    (recu,) = serveur_smtp.recus
    assert recu.destinataires == ("lea.martin@exemple.fr",)
    assert recu.sujet == f"Inscription à un atelier collectif le {_date_longue(seance.debut)} à 14 h"
    assert recu.message["Reply-To"] == "claire.dubois@exemple.gouv.fr"
    texte = recu.texte()
    assert "Votre inscription à un atelier collectif est confirmée." in texte
    assert "Lieu : Maison des solidarités, 3 place du Square, Aurillac" in texte
    assert "Durée : 2 h" in texte and "04 71 00 00 00" in texte
    assert "<strong>14 h</strong>" in recu.texte("text/html")
    assert recu.partie("text/calendar")["Content-Type"].params["method"] == "REQUEST"
    assert any(p.get_filename() == "invitation.ics" for p in recu.message.iter_attachments())

    cal = _calendrier(recu)
    assert cal["METHOD"] == "REQUEST"
    (evenement,) = cal.walk("VEVENT")
    assert str(evenement["UID"]) == notifications.identifiant_invitation(inscription)
    assert str(evenement["UID"]).startswith(f"{seance.uid}-{inscription.pk}-")
    assert evenement["SEQUENCE"] == 0
    assert str(evenement["SUMMARY"]) == "Atelier collectif"
    assert str(evenement["ORGANIZER"]) == "mailto:claire.dubois@exemple.gouv.fr"
    participants = {str(a): a.params for a in evenement["ATTENDEE"]}
    assert participants["mailto:lea.martin@exemple.fr"]["PARTSTAT"] == "NEEDS-ACTION"
    assert participants["mailto:sophie.bernard@exemple.gouv.fr"]["PARTSTAT"] == "ACCEPTED"
    debut = evenement.decoded("DTSTART")
    assert (str(debut.tzinfo), debut.hour, debut.minute) == ("Europe/Paris", 14, 0)
    assert evenement.decoded("DTEND") - debut == datetime.timedelta(hours=2)
    assert "VTIMEZONE" in recu.partie("text/calendar").get_content()

    inscription.refresh_from_db()
    assert inscription.confirmation_envoyee_le is not None
    (texto,) = boite_sms
    assert texto.numero == "+33612345678"
    assert texto.texte.startswith("Atelier collectif le ") and "14h00" in texto.texte
    assert len(texto.texte) <= sms.LONGUEUR_SMS


def test_chaque_inscrit_a_son_propre_objet(serveur_smtp):
    seance = _seance()
    premiere, seconde = _inscrire(seance), _inscrire(seance, prenom="Paul", courriel="paul@exemple.fr")
    for inscription in (premiere, seconde):
        envois.annoncer_inscription(inscription.pk)
    uids = [str(_calendrier(r).walk("VEVENT")[0]["UID"]) for r in serveur_smtp.recus]
    assert len(set(uids)) == 2 and all(u.startswith(str(seance.uid)) for u in uids)


def test_liste_d_attente_seance_passee_ou_annulee_rien_ne_part(serveur_smtp, boite_sms):
    attente = _inscrire(_seance(), statut=StatutInscription.ATTENTE)
    passee = _inscrire(_seance(jours=-3))
    annulee = _inscrire(_seance(statut=StatutSeance.ANNULEE, annulee_le=timezone.now()))
    for inscription in (attente, passee, annulee):
        envois.annoncer_inscription(inscription.pk)
    assert serveur_smtp.recus == [] and boite_sms == []
    assert not Inscription.objects.filter(confirmation_envoyee_le__isnull=False).exists()


def test_modification_meme_uid_sequence_de_la_seance_rappel_rouvert(serveur_smtp, boite_sms):
    seance = _seance()
    inscrite = _inscrire(seance)
    _inscrire(seance, prenom="Paul", courriel="paul@exemple.fr", statut=StatutInscription.ATTENTE)
    envois.annoncer_inscription(inscrite.pk)
    Inscription.objects.filter(pk=inscrite.pk).update(rappel_envoye_le=timezone.now())
    # Ce que fait le service de modification : nouvelle heure, SEQUENCE + 1.
    SeanceCollective.objects.filter(pk=seance.pk).update(debut=_a(11, heure=9), sequence=1)
    envois.annoncer_modification_seance(seance.pk)

    premier, second = serveur_smtp.recus  # la liste d'attente n'est pas prévenue
    assert second.destinataires == ("lea.martin@exemple.fr",)
    assert second.sujet.startswith("Atelier collectif modifié : ") and second.sujet.endswith(" à 9 h")
    avant, apres = (_calendrier(r).walk("VEVENT")[0] for r in (premier, second))
    assert str(avant["UID"]) == str(apres["UID"])
    assert (avant["SEQUENCE"], apres["SEQUENCE"]) == (0, 1)
    assert apres.decoded("DTSTART").hour == 9
    assert boite_sms[-1].texte.startswith("Atelier collectif modifié : ")
    inscrite.refresh_from_db()
    assert inscrite.rappel_envoye_le is None


def test_desinscription_cancel_pour_la_seule_personne(serveur_smtp, boite_sms):
    seance = _seance()
    partante, restante = _inscrire(seance), _inscrire(seance, prenom="Paul", courriel="paul@exemple.fr")
    for inscription in (partante, restante):
        envois.annoncer_inscription(inscription.pk)
    serveur_smtp.vider()
    Inscription.objects.filter(pk=partante.pk).update(statut=StatutInscription.DESINSCRITE)
    envois.annoncer_annulation(partante.pk)
    envois.annoncer_annulation(restante.pk)  # toujours inscrite : rien ne part

    (recu,) = serveur_smtp.recus
    assert recu.destinataires == ("lea.martin@exemple.fr",)
    assert recu.sujet.startswith("Atelier collectif annulé : ")
    assert recu.partie("text/calendar")["Content-Type"].params["method"] == "CANCEL"
    cal = _calendrier(recu)
    (evenement,) = cal.walk("VEVENT")
    assert cal["METHOD"] == "CANCEL" and str(evenement["STATUS"]) == "CANCELLED"
    assert str(evenement["UID"]) == notifications.identifiant_invitation(partante)
    assert evenement["SEQUENCE"] == 1  # au-dessus de l'invitation envoyée
    assert "votre participation est annulée" in boite_sms[-1].texte


def test_reinscription_nouvel_objet_d_agenda_apres_l_annulation(serveur_smtp):
    seance = _seance()
    inscription = _inscrire(seance)
    envois.annoncer_inscription(inscription.pk)
    Inscription.objects.filter(pk=inscription.pk).update(statut=StatutInscription.DESINSCRITE)
    envois.annoncer_annulation(inscription.pk)
    # Réinscription (le service reprend la ligne et date la nouvelle demande).
    Inscription.objects.filter(pk=inscription.pk).update(
        statut=StatutInscription.INSCRITE,
        demande_le=timezone.now() + datetime.timedelta(seconds=1),
        confirmation_envoyee_le=None,
    )
    envois.annoncer_inscription(inscription.pk)

    premiere, annulation, nouvelle = (_calendrier(r).walk("VEVENT")[0] for r in serveur_smtp.recus)
    assert str(annulation["UID"]) == str(premiere["UID"]) and annulation["SEQUENCE"] > premiere["SEQUENCE"]
    assert str(nouvelle["UID"]) != str(premiere["UID"])
    assert str(nouvelle["STATUS"]) != "CANCELLED"


def test_seance_annulee_chaque_inscrit_prevenu_sauf_qui_n_avait_rien_recu(serveur_smtp):
    seance = _seance()
    confirmee = _inscrire(seance)
    envois.annoncer_inscription(confirmee.pk)
    attente = _inscrire(seance, prenom="Paul", courriel="paul@exemple.fr", statut=StatutInscription.ATTENTE)
    serveur_smtp.vider()
    SeanceCollective.objects.filter(pk=seance.pk).update(
        statut=StatutSeance.ANNULEE, annulee_le=timezone.now(), sequence=1
    )
    for inscription in (confirmee, attente):
        envois.annoncer_annulation(inscription.pk)
    (recu,) = serveur_smtp.recus
    assert recu.destinataires == ("lea.martin@exemple.fr",)
    assert _calendrier(recu).walk("VEVENT")[0]["SEQUENCE"] == 2


def test_aucun_detail_social_dans_les_messages(serveur_smtp, boite_sms):
    seance = _seance()
    inscription = _inscrire(seance)
    envois.annoncer_inscription(inscription.pk)
    envois.annoncer_modification_seance(seance.pk)
    notifications.envoyer(notifications.charger(inscription.pk), notifications.RAPPEL)
    Inscription.objects.filter(pk=inscription.pk).update(statut=StatutInscription.DESINSCRITE)
    envois.annoncer_annulation(inscription.pk)
    assert len(serveur_smtp.recus) == 4 and len(boite_sms) == 4
    for contenu in [_tout_le_texte(r) for r in serveur_smtp.recus] + [s.texte for s in boite_sms]:
        for mot in MOTS_INTERDITS:
            assert mot not in contenu, mot


def test_personne_sans_courriel_sms_seulement_puis_injoignable(serveur_smtp, boite_sms):
    seance = _seance()
    sms_seul = _inscrire(seance, courriel="")
    injoignable = _inscrire(seance, prenom="Paul", courriel="", portable="")
    for inscription in (sms_seul, injoignable):
        envois.annoncer_inscription(inscription.pk)
    assert serveur_smtp.recus == [] and [s.numero for s in boite_sms] == ["+33612345678"]
    sms_seul.refresh_from_db()
    injoignable.refresh_from_db()
    assert sms_seul.confirmation_envoyee_le is not None and injoignable.confirmation_envoyee_le is None


def test_sms_tient_en_160_caracteres_avec_un_long_lieu():
    seance = _seance(lieu="Maison départementale des solidarités, " + "bâtiment B, " * 15 + "15000 Aurillac")
    texte = notifications.texte_sms(notifications.charger(_inscrire(seance).pk), notifications.RAPPEL)
    assert len(texte) <= sms.LONGUEUR_SMS
    assert texte.startswith("Rappel : atelier collectif le ") and "Maison départementale" in texte


# --- Rappel J-2 --------------------------------------------------------------------------------------------


def test_rappel_deux_jours_avant_une_seule_fois(serveur_smtp, boite_sms):
    dans_deux_jours = _inscrire(_seance(jours=2))
    _inscrire(_seance(jours=1), courriel="demain@exemple.fr")  # trop tard pour J-2
    _inscrire(_seance(jours=3), courriel="apres@exemple.fr")  # rappel demain
    _inscrire(_seance(jours=2), courriel="attente@exemple.fr", statut=StatutInscription.ATTENTE)
    _inscrire(_seance(jours=2, statut=StatutSeance.ANNULEE, annulee_le=timezone.now()), courriel="x@exemple.fr")
    _inscrire(_seance(jours=2), prenom="Paul", courriel="", portable="")  # injoignable

    envoyer_rappels_seances.enqueue()
    envoyer_rappels_seances.enqueue()  # relancée : rien ne repart

    (recu,) = serveur_smtp.recus
    assert recu.destinataires == ("lea.martin@exemple.fr",)
    assert recu.sujet.startswith("Rappel : atelier collectif le ")
    cal = _calendrier(recu)
    assert cal["METHOD"] == "REQUEST"
    assert str(cal.walk("VEVENT")[0]["UID"]) == notifications.identifiant_invitation(dans_deux_jours)
    assert len(boite_sms) == 1 and boite_sms[0].texte.startswith("Rappel : ")
    dans_deux_jours.refresh_from_db()
    assert dans_deux_jours.rappel_envoye_le is not None


def test_rappel_en_echec_est_libere(serveur_smtp, monkeypatch):
    inscription = _inscrire(_seance(jours=2))

    def panne(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(notifications, "envoyer", panne)
    assert notifications.rappels_envoyer() == 0
    inscription.refresh_from_db()
    assert inscription.rappel_envoye_le is None
    monkeypatch.undo()
    assert notifications.rappels_envoyer() == 1


def test_rappel_inscrit_parmi_les_taches_planifiees_quotidiennes():
    from binome.confiance import planification

    entree = next(t for t in planification.TACHES_PLANIFIEES if t.nom == "rappels_seances_collectives")
    assert entree.tache is envoyer_rappels_seances and entree.rythme == planification.Rythme.QUOTIDIENNE
    assert planification.erreurs_planification(planification.TACHES_PLANIFIEES) == []
    avant = planification.TACHES_PLANIFIEES
    planification.brancher(entree)  # un second ready() n'ajoute rien
    assert planification.TACHES_PLANIFIEES == avant
