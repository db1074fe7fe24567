"""Les séances collectives dans l'agenda abonné (.ics) de qui les anime : libellé neutre par défaut, titre avec
l'option, annulation retirée, rien de la séance d'un autre, jamais un inscrit ; requêtes bornées."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.agenda import abonnement as services
from binome.agenda import flux, ics
from binome.collectif.enums import StatutSeance
from binome.collectif.flux import evenements_des_seances
from tests.collectif.factories import ActionCollectiveFactory, InscriptionFactory, SeanceCollectiveFactory

pytestmark = pytest.mark.django_db

TITRE = "Atelier budget et surendettement"


def _seance(personas, *, jours=3, animateurs=None, **champs):
    action = ActionCollectiveFactory(
        departement=personas.cantal.departement, titre=TITRE, cree_par=personas.travailleur_social
    )
    debut = (timezone.now() + datetime.timedelta(days=jours)).replace(hour=13, minute=0, second=0, microsecond=0)
    return SeanceCollectiveFactory(
        action=action, debut=debut, animateurs=animateurs or [personas.travailleur_social], **champs
    )


def _evenements(jeton):
    reponse = Client().get(reverse("agenda:abonnement_flux", kwargs={"jeton": jeton}))
    assert reponse.status_code == 200
    return reponse, icalendar.Calendar.from_ical(reponse.content).walk("VEVENT")


def test_le_fournisseur_est_branche():
    assert evenements_des_seances in flux.fournisseurs()


def test_seance_animee_libelle_neutre_sans_inscrit(personas):
    seance = _seance(personas, lieu="Maison des solidarités de Saint-Flour")
    InscriptionFactory(seance=seance, parcours__personne__prenom="Marie", parcours__personne__nom="Dubois")
    _abonnement, jeton = services.abonnement_creer(acteur=personas.travailleur_social)
    reponse, (evenement,) = _evenements(jeton)
    assert str(evenement["UID"]) == ics.uid(seance)
    assert str(evenement["SUMMARY"]) == "Séance collective Binôme"
    assert str(evenement["LOCATION"]) == "Maison des solidarités de Saint-Flour"
    assert str(evenement["STATUS"]) == "CONFIRMED"
    debut = evenement.decoded("DTSTART")
    assert str(debut.tzinfo) == "Europe/Paris" and debut == seance.debut
    texte = reponse.content.decode()
    for interdit in ("Marie", "Dubois", "budget", "surendettement"):
        assert interdit not in texte


def test_option_titre_de_l_action_et_annulation(personas):
    _seance(personas)
    annulee = _seance(personas, jours=5, statut=StatutSeance.ANNULEE, annulee_le=timezone.now())
    _abonnement, jeton = services.abonnement_creer(acteur=personas.travailleur_social)
    services.abonnement_changer_option(acteur=personas.travailleur_social, avec_prenoms=True)
    _reponse, evenements = _evenements(jeton)
    assert [str(e["SUMMARY"]) for e in evenements] == [f"Séance collective Binôme — {TITRE}"] * 2
    statuts = {str(e["UID"]): str(e["STATUS"]) for e in evenements}
    assert statuts[ics.uid(annulee)] == "CANCELLED"


def test_ni_la_seance_d_un_autre_ni_hors_fenetre(personas):
    _seance(personas, animateurs=[personas.conseiller])
    _seance(personas, jours=-(flux.JOURS_PASSES + 5))
    _abonnement, jeton = services.abonnement_creer(acteur=personas.travailleur_social)
    assert _evenements(jeton)[1] == []


def test_requetes_bornees(personas, django_assert_max_num_queries):
    _seance(personas)
    _abonnement, jeton = services.abonnement_creer(acteur=personas.travailleur_social)
    with CaptureQueriesContext(connection) as une:
        assert len(_evenements(jeton)[1]) == 1
    for jours in range(4, 12):
        _seance(personas, jours=jours)
    with django_assert_max_num_queries(len(une)):
        assert len(_evenements(jeton)[1]) == 9
