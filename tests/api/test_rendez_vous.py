"""API des rendez-vous : secret partagé sur l'objet d'un rendez-vous du seul côté social, périmètre, actions."""

import datetime

import pytest
from django.utils import timezone

from binome.agenda.enums import StatutRendezVous
from tests.api.outils import client_jeton_de, lignes_journal
from tests.confiance.monde import creer_monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde(personas):
    return creer_monde(personas)


def test_objet_social_neutre_pour_france_travail(monde, personas, django_assert_max_num_queries):
    social = monde.cantal.rendez_vous_social
    client = client_jeton_de(personas, personas.conseiller)
    with django_assert_max_num_queries(40):
        liste = client.get("/api/v1/rendez-vous").json()["resultats"]
    par_id = {r["id"]: r for r in liste}
    assert par_id[social.pk]["objet"] != social.objet
    assert client.get(f"/api/v1/rendez-vous/{social.pk}").json()["objet"] != social.objet
    for secret in monde.cantal.secrets_agenda:
        assert secret not in str(liste)
    cote_social = client_jeton_de(personas, personas.travailleur_social).get(f"/api/v1/rendez-vous/{social.pk}")
    assert cote_social.json()["objet"] == social.objet


def test_hors_perimetre_et_liste(monde, personas):
    client = client_jeton_de(personas, personas.conseiller_calvados)
    assert client.get(f"/api/v1/rendez-vous/{monde.cantal.rendez_vous.pk}").status_code == 404
    ids = {r["id"] for r in client.get("/api/v1/rendez-vous").json()["resultats"]}
    assert monde.cantal.rendez_vous.pk not in ids and monde.calvados.rendez_vous.pk in ids
    assert client.get("/api/v1/rendez-vous", {"parcours": monde.cantal.parcours.pk}).status_code == 404


def test_planifier_puis_annuler(monde, personas):
    parcours = monde.cantal.parcours
    client = client_jeton_de(personas, personas.conseiller)
    debut = (timezone.now() + datetime.timedelta(days=7)).replace(microsecond=0)
    cree = client.post(
        f"/api/v1/parcours/{parcours.pk}/rendez-vous",
        {"debut": debut.isoformat(), "duree_minutes": 30, "canal": "TELEPHONE", "objet": "Point d'étape"},
        "application/json",
    )
    assert cree.status_code == 201, cree.content
    rdv = cree.json()
    assert rdv["statut"] == StatutRendezVous.PLANIFIE and rdv["professionnels"] == [personas.conseiller.pk]
    annule = client.post(f"/api/v1/rendez-vous/{rdv['id']}/annulation", {"motif": "Empêchement"}, "application/json")
    assert annule.status_code == 200 and annule.json()["statut"] == "ANNULE"
    encore = client.post(f"/api/v1/rendez-vous/{rdv['id']}/annulation", {"motif": "Bis"}, "application/json")
    assert encore.status_code == 409
    assert {ligne.action for ligne in lignes_journal(parcours.personne)} >= {"SAISIE"}
