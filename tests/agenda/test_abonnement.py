"""Abonnement de chaque professionnel à son agenda : le flux .ics relu par ``icalendar``, l'adresse révocable."""

import datetime

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.agenda import abonnement as services
from binome.agenda import debit, flux, ics
from binome.agenda.enums import StatutRendezVous, TypeRendezVous
from binome.agenda.models import AbonnementCalendrier
from binome.confiance import middleware as journal_middleware
from binome.confiance.models import EntreeJournal
from tests.accompagnement.factories import ParcoursFactory
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

OBJET = "Dettes de loyer et dossier de surendettement"


@pytest.fixture(autouse=True)
def compteurs_vides():
    cache.clear()
    yield
    cache.clear()


def _rdv(personas, *, professionnels=None, jours=2, **options):
    parcours = ParcoursFactory(
        personne__departement=personas.cantal.departement,
        personne__commune=personas.cantal.communes["saint_flour"]
        if "saint_flour" in personas.cantal.communes
        else next(iter(personas.cantal.communes.values())),
        personne__prenom="Marie",
        personne__nom="Dubois",
    )
    debut = (timezone.now() + datetime.timedelta(days=jours)).replace(hour=8, minute=30, second=0, microsecond=0)
    options.setdefault("objet", OBJET)
    return RendezVousFactory(
        parcours=parcours,
        debut=debut,
        organisateur=personas.conseiller,
        professionnels=professionnels or [personas.conseiller],
        **options,
    )


def _lire(jeton, client=None):
    return (client or Client()).get(reverse("agenda:abonnement_flux", kwargs={"jeton": jeton}))


def _evenements(reponse):
    assert reponse.status_code == 200, reponse.status_code
    return icalendar.Calendar.from_ical(reponse.content).walk("VEVENT")


def test_flux_neutre_par_defaut(personas):
    rdv = _rdv(personas, lieu="Agence France Travail de Saint-Flour")
    abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    reponse = _lire(jeton)
    assert reponse["Content-Type"] == "text/calendar; charset=utf-8"
    assert reponse["Cache-Control"] == "private, no-store"
    cal = icalendar.Calendar.from_ical(reponse.content)
    assert "METHOD" not in cal
    (evenement,) = cal.walk("VEVENT")
    assert str(evenement["UID"]) == ics.uid(rdv)
    debut = evenement.decoded("DTSTART")
    assert str(debut.tzinfo) == "Europe/Paris" and debut == rdv.debut
    assert str(evenement["SUMMARY"]) == "Rendez-vous Binôme"
    assert str(evenement["LOCATION"]) == "Agence France Travail de Saint-Flour"
    assert str(evenement["STATUS"]) == "CONFIRMED"
    assert reverse("accompagnement:parcours", kwargs={"pk": rdv.parcours_id}) in str(evenement["URL"]) or (
        "/agenda/" in str(evenement["URL"])
    )
    texte = reponse.content.decode()
    for interdit in ("Marie", "Dubois", "Dettes", OBJET):
        assert interdit not in texte
    abonnement.refresh_from_db()
    assert abonnement.dernier_acces_le is not None


def test_option_prenom_et_initiale_jamais_l_objet(personas):
    _rdv(personas, type=TypeRendezVous.TRIPARTITE, professionnels=[personas.conseiller, personas.travailleur_social])
    _abonnement, jeton = services.abonnement_creer(acteur=personas.travailleur_social)
    services.abonnement_changer_option(acteur=personas.travailleur_social, avec_prenoms=True)
    reponse = _lire(jeton)
    (evenement,) = _evenements(reponse)
    assert str(evenement["SUMMARY"]) == "Rendez-vous Binôme — Marie D."
    assert "Dubois" not in reponse.content.decode() and "Dettes" not in reponse.content.decode()


def test_visite_a_domicile_sans_adresse(personas):
    _rdv(personas, canal="VISITE_DOMICILE", lieu="3 rue des Lilas, 15100 Saint-Flour")
    _abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    (evenement,) = _evenements(_lire(jeton))
    assert str(evenement["LOCATION"]) == "Visite à domicile"


def _avec_statut(rdv, statut, annule_le=None):
    rdv.statut, rdv.annule_le = statut, annule_le
    rdv.save()
    return rdv


def test_ni_le_rendez_vous_d_un_autre_ni_l_ancien_mais_le_passe_recent_et_l_annulation(personas):
    """Fenêtre de 30 jours : un rendez-vous passé reste même une fois sa présence saisie ; un annulé récemment
    est marqué CANCELLED ; un annulé il y a plus de 30 jours, un rendez-vous ancien, celui d'un autre : absents."""
    mien = _rdv(personas)
    _rdv(personas, professionnels=[personas.travailleur_social])
    _avec_statut(_rdv(personas, jours=-40), StatutRendezVous.HONORE)
    _rdv(personas, jours=-40)
    passe_recent = _rdv(personas, jours=-3)
    honore = _avec_statut(_rdv(personas, jours=-2), StatutRendezVous.HONORE)
    annule = _avec_statut(_rdv(personas, jours=5, sequence=1), StatutRendezVous.ANNULE, timezone.now())
    _avec_statut(_rdv(personas, jours=6), StatutRendezVous.ANNULE, timezone.now() - datetime.timedelta(days=40))
    _abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    evenements = {str(e["UID"]): e for e in _evenements(_lire(jeton))}
    assert set(evenements) == {ics.uid(mien), ics.uid(passe_recent), ics.uid(honore), ics.uid(annule)}
    assert str(evenements[ics.uid(honore)]["STATUS"]) == "CONFIRMED"
    assert str(evenements[ics.uid(annule)]["STATUS"]) == "CANCELLED"
    assert evenements[ics.uid(annule)]["SEQUENCE"] == 1


def test_revocation_regeneration_desactivation_404_identiques(personas):
    _rdv(personas)
    _abonnement, ancien = services.abonnement_creer(acteur=personas.conseiller)
    assert _lire(ancien).status_code == 200
    inconnu = _lire("x" * 43)
    assert inconnu.status_code == 404
    _abonnement, nouveau = services.abonnement_creer(acteur=personas.conseiller)
    regenere = _lire(ancien)
    assert regenere.status_code == 404 and regenere.content == inconnu.content
    assert _lire(nouveau).status_code == 200
    personas.conseiller.is_active = False
    personas.conseiller.save()
    desactive = _lire(nouveau)
    assert desactive.status_code == 404 and desactive.content == inconnu.content
    personas.conseiller.is_active = True
    personas.conseiller.save()
    assert services.abonnement_revoquer(acteur=personas.conseiller)
    revoque = _lire(nouveau)
    assert revoque.status_code == 404 and revoque.content == inconnu.content
    assert not AbonnementCalendrier.objects.exists()


def test_jeton_de_32_octets_et_seule_l_empreinte_gardee(personas):
    abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    assert len(jeton) == 43  # 32 octets en base64 pour URL
    assert jeton not in abonnement.empreinte and len(abonnement.empreinte) == 64
    assert abonnement.history.first().history_user == personas.conseiller


def test_role_sans_rendez_vous_ne_cree_pas_d_adresse(personas, client_de):
    reponse = client_de(personas.pilote).post(reverse("agenda:abonnement_creer"))
    assert reponse.status_code == 403
    assert not AbonnementCalendrier.objects.exists()
    assert "Mon agenda dans mon calendrier" not in client_de(personas.pilote).get("/profil/").content.decode()


def test_requetes_bornees(personas, django_assert_max_num_queries):
    """Le nombre de requêtes ne dépend pas du nombre de rendez-vous (lecture, date de lecture, journal)."""
    _rdv(personas)
    _abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    with CaptureQueriesContext(connection) as une:
        assert len(_evenements(_lire(jeton))) == 1
    for jours in range(2, 15):
        _rdv(personas, jours=jours)
    with django_assert_max_num_queries(len(une)):
        assert len(_evenements(_lire(jeton))) == 14
    assert len(une) <= 16


def test_lecture_journalisee_au_nom_du_proprietaire_sans_le_jeton(personas):
    _rdv(personas)
    _abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    _lire(jeton)
    entree = EntreeJournal.objects.get(route="agenda:abonnement_flux")
    assert entree.acteur_id == personas.conseiller.pk
    assert jeton not in entree.chemin and entree.chemin.startswith("/agenda/abonnement/")
    assert not EntreeJournal.objects.filter(route="agenda:abonnement_flux").exclude(pk=entree.pk).exists()
    _lire("inconnu")
    assert EntreeJournal.objects.filter(route="agenda:abonnement_flux").count() == 1


def test_l_attribut_de_l_acteur_est_le_meme_des_deux_cotes():
    from binome.agenda import vues_abonnement

    assert vues_abonnement.ACTEUR_PAR_JETON == journal_middleware.ACTEUR_PAR_JETON


def test_limitation_de_debit(personas, monkeypatch):
    _rdv(personas)
    _abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    for _ in range(debit.ECHECS_MAX):
        assert _lire("mauvais-jeton").status_code == 404
    assert _lire("mauvais-jeton").status_code == 429
    autre = Client(REMOTE_ADDR="10.0.0.2")
    monkeypatch.setattr(debit, "LECTURES_MAX", 2)
    assert [_lire(jeton, autre).status_code for _ in range(3)] == [200, 200, 429]


def test_anonyme_sans_redirection_et_get_seulement():
    client = Client()
    assert client.get("/agenda/abonnement/inconnu.ics").status_code == 404
    assert client.post("/agenda/abonnement/inconnu.ics").status_code == 405
    assert client.post(reverse("agenda:abonnement_creer")).status_code == 302  # connexion exigée


def test_un_fournisseur_branche_ajoute_ses_evenements(personas, monkeypatch):
    monkeypatch.setattr(flux, "_FOURNISSEURS", [])

    def seances(demande):
        yield ics.vevenement(
            identifiant="seance-1@binome",
            debut=demande.maintenant + datetime.timedelta(days=1),
            duree_minutes=90,
            resume="Séance collective Binôme",
        )

    flux.brancher(seances)
    _abonnement, jeton = services.abonnement_creer(acteur=personas.conseiller)
    assert [str(e["UID"]) for e in _evenements(_lire(jeton))] == ["seance-1@binome"]


def test_section_du_profil(personas, client_de):
    client = client_de(personas.conseiller)
    page = client.get("/profil/").content.decode()
    assert "Mon agenda dans mon calendrier" in page and "Vous n'avez pas d'adresse" in page
    cree = client.post(reverse("agenda:abonnement_creer"))
    assert cree.status_code == 200 and "no-store" in cree["Cache-Control"]
    adresse = cree.context["adresse"]
    assert adresse.startswith("http") and adresse.endswith(".ics") and adresse in cree.content.decode()
    assert "binome/js/agenda.js" in cree.content.decode()
    jeton = adresse.rsplit("/", 1)[1].removesuffix(".ics")
    assert Client().get(adresse.split("//", 1)[1].split("/", 1)[1].join(["/", ""])).status_code == 200
    page = client.get("/profil/").content.decode()
    assert "Adresse créée le" in page and jeton not in page
    assert "Aucun calendrier ne l'a encore lue." not in page  # lue juste au-dessus
    client.post(reverse("agenda:abonnement_option"), {"avec_prenoms": "on"})
    assert AbonnementCalendrier.objects.get().avec_prenoms
    client.post(reverse("agenda:abonnement_option"), {})
    assert not AbonnementCalendrier.objects.get().avec_prenoms
    assert client.post(reverse("agenda:abonnement_revoquer")).status_code == 302
    assert not AbonnementCalendrier.objects.exists()
    assert _lire(jeton).status_code == 404


def test_le_jeton_n_est_dans_aucun_journal_technique():
    from binome.core.journalisation import masquer

    ligne = '10.0.0.1 "GET /agenda/abonnement/AbC-12_xyz.ics HTTP/1.1" 200'
    assert masquer(ligne) == '10.0.0.1 "GET /agenda/abonnement/[jeton masqué].ics HTTP/1.1" 200'
