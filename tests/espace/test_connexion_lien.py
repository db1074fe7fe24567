"""Lien de connexion à usage unique : reçu par un vrai serveur SMTP, 15 minutes, une seule fois, limité, sans
énumération des adresses ; chaque connexion est au journal des accès."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from binome.confiance.models import Action, EntreeJournal
from binome.espace.jetons import empreinte
from binome.espace.models import EspacePersonne, LienConnexion
from tests.accompagnement.factories import personne_du
from tests.espace_outils import espace_ouvert

pytestmark = pytest.mark.django_db

ADRESSE = "inaya.lien@exemple.fr"


def _lien_recu(serveur_smtp) -> str:
    """Le chemin du lien contenu dans le dernier courriel reçu (partie texte et partie HTML identiques)."""
    recu = serveur_smtp.recus[-1]
    texte, html = recu.texte(), recu.texte("text/html")
    adresses = re.findall(r"https?://\S+/mon-espace/connexion/lien/[\w-]+/", texte)
    assert len(adresses) == 1, texte
    assert adresses[0] in html
    return urlsplit(adresses[0]).path


def _demander(client, adresse=ADRESSE):
    return client.post(reverse("espace:connexion"), {"courriel": adresse})


@pytest.fixture
def espace(personas):
    return espace_ouvert(personne_du(personas.cantal, prenom="Inaya", courriel=ADRESSE))


def test_le_lien_recu_par_courriel_ouvre_l_espace(espace, client, serveur_smtp):
    reponse = _demander(client, "  Inaya.Lien@Exemple.FR ")
    assert reponse.status_code == 302 and reponse["Location"] == reverse("espace:connexion_envoyee")
    assert len(serveur_smtp.recus) == 1
    recu = serveur_smtp.recus[0]
    assert recu.destinataires == (ADRESSE,)
    assert "15 minutes" in recu.texte()
    assert "Inaya" not in recu.texte() and "Inaya" not in recu.sujet  # aucun détail de la personne
    chemin = _lien_recu(serveur_smtp)
    jeton = chemin.rstrip("/").rsplit("/", 1)[-1]
    lien = LienConnexion.objects.get(espace=espace)
    assert lien.empreinte == empreinte(jeton) and jeton not in lien.empreinte  # empreinte seule en base

    # Le GET (antivirus de messagerie, aperçu) ne consomme pas le lien : il montre le bouton.
    page = client.get(chemin)
    assert page.status_code == 200 and "Me connecter" in page.content.decode()
    assert client.get(reverse("espace:accueil")).status_code == 302
    lien.refresh_from_db()
    assert lien.utilise_le is None

    reponse = client.post(chemin)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("espace:accueil")
    accueil = client.get(reverse("espace:accueil"))
    assert accueil.status_code == 200 and "Bonjour Inaya" in accueil.content.decode()
    espace.refresh_from_db()
    assert espace.derniere_connexion_le is not None and espace.derniere_connexion_moyen == "lien"
    connexion = EntreeJournal.objects.get(action=Action.CONNEXION, personne_id=espace.personne_id)
    assert connexion.acteur_libelle == "La personne elle-même"
    assert jeton not in connexion.chemin  # le jeton n'est pas recopié au journal


def test_le_lien_ne_sert_qu_une_fois(espace, client, serveur_smtp):
    _demander(client)
    chemin = _lien_recu(serveur_smtp)
    assert client.post(chemin)["Location"] == reverse("espace:accueil")
    autre = client.__class__()
    reponse = autre.post(chemin)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Ce lien ne marche plus" in contenu and reverse("espace:connexion") in contenu
    assert autre.get(reverse("espace:accueil")).status_code == 302
    assert EntreeJournal.objects.filter(action=Action.CONNEXION_REFUSEE).count() == 1


def test_le_lien_expire_a_15_minutes(espace, client, serveur_smtp):
    depart = timezone.now()
    with freeze_time(depart):
        _demander(client)
    chemin = _lien_recu(serveur_smtp)
    with freeze_time(depart + datetime.timedelta(minutes=14, seconds=59)):
        encore_valable = LienConnexion.objects.filter(expire_le__gt=timezone.now()).count()
    assert encore_valable == 1
    with freeze_time(depart + datetime.timedelta(minutes=15)):
        reponse = client.post(chemin)
    assert "Ce lien ne marche plus" in reponse.content.decode()
    assert client.get(reverse("espace:accueil")).status_code == 302
    assert LienConnexion.objects.get().utilise_le is None


def test_un_lien_de_moins_de_15_minutes_marche(espace, client, serveur_smtp):
    depart = timezone.now()
    with freeze_time(depart):
        _demander(client)
    with freeze_time(depart + datetime.timedelta(minutes=14)):
        reponse = client.post(_lien_recu(serveur_smtp))
    assert reponse["Location"] == reverse("espace:accueil")


def test_aucune_enumeration_des_adresses(personas, espace, client, serveur_smtp):
    """Adresse inconnue, adresse d'un espace fermé, adresse d'une personne sans espace : même réponse, aucun
    courriel ; seule l'adresse d'un espace ouvert reçoit un lien."""
    fermee = espace_ouvert(personne_du(personas.cantal, courriel="fermee@exemple.fr"))
    EspacePersonne.objects.filter(pk=fermee.pk).update(ferme_le=timezone.now())
    personne_du(personas.cantal, courriel="sans.espace@exemple.fr")
    reponses = [
        _demander(client, adresse)
        for adresse in ("inconnue@exemple.fr", "fermee@exemple.fr", "sans.espace@exemple.fr", ADRESSE)
    ]
    assert {(r.status_code, r["Location"]) for r in reponses} == {(302, reverse("espace:connexion_envoyee"))}
    assert [r.destinataires for r in serveur_smtp.recus] == [(ADRESSE,)]
    page = client.get(reverse("espace:connexion_envoyee")).content.decode()
    assert "Si cette adresse est celle de votre espace" in page


def test_limite_par_espace_meme_reponse_sans_envoi(espace, client, serveur_smtp):
    depart = timezone.now()
    with freeze_time(depart):
        reponses = [_demander(client) for _ in range(5)]
    assert {r["Location"] for r in reponses} == {reverse("espace:connexion_envoyee")}
    assert len(serveur_smtp.recus) == 3  # 3 liens par espace et par quart d'heure
    with freeze_time(depart + datetime.timedelta(minutes=16)):
        _demander(client)
    assert len(serveur_smtp.recus) == 4


def test_limite_par_adresse_ip(personas, client, serveur_smtp):
    adresses = [f"personne{n}@exemple.fr" for n in range(12)]
    for adresse in adresses:
        espace_ouvert(personne_du(personas.cantal, courriel=adresse))
    for adresse in adresses:
        assert _demander(client, adresse)["Location"] == reverse("espace:connexion_envoyee")
    assert len(serveur_smtp.recus) == 10  # 10 liens par adresse IP et par quart d'heure
    autre_ip = client.post(reverse("espace:connexion"), {"courriel": adresses[-1]}, REMOTE_ADDR="192.0.2.7")
    assert autre_ip["Location"] == reverse("espace:connexion_envoyee")
    assert len(serveur_smtp.recus) == 11


def test_espace_ferme_pas_de_connexion(espace, client, serveur_smtp):
    _demander(client)
    chemin = _lien_recu(serveur_smtp)
    EspacePersonne.objects.filter(pk=espace.pk).update(ferme_le=timezone.now())
    reponse = client.post(chemin)
    assert "Ce lien ne marche plus" in reponse.content.decode()
    assert client.get(reverse("espace:accueil")).status_code == 302
    assert not EntreeJournal.objects.filter(action=Action.CONNEXION).exists()


def test_adresse_invalide_redemandee(client, serveur_smtp):
    reponse = _demander(client, "pas-une-adresse")
    assert reponse.status_code == 200 and "Saisissez une adresse" in reponse.content.decode()
    assert serveur_smtp.recus == []


def test_page_de_connexion_sans_franceconnect_configure(client, settings):
    settings.FRANCECONNECT_ISSUER = ""
    contenu = client.get(reverse("espace:connexion")).content.decode()
    assert "Recevoir le lien" in contenu and "fr-connect" not in contenu
    assert client.get(reverse("espace:franceconnect")).status_code == 404


def test_le_jeton_est_masque_dans_les_journaux_techniques():
    from binome.core.journalisation import masquer

    ligne = '"POST /mon-espace/connexion/lien/Ab-3_xYz9/ HTTP/1.1" 302 0'
    assert masquer(ligne) == '"POST /mon-espace/connexion/lien/[jeton masqué]/ HTTP/1.1" 302 0'
