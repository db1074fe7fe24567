"""API des actions collectives : séances visibles, inscriptions d'un parcours, inscription avec accord."""

import pytest
from django.utils import timezone

from binome.collectif import services as services_collectif
from tests.api.outils import client_jeton_de
from tests.collectif.factories import inscription_du_dossier
from tests.confiance.monde import creer_monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde(personas):
    return creer_monde(personas)


def test_seances_du_departement(monde, personas, django_assert_max_num_queries):
    seance = inscription_du_dossier(monde.cantal).seance
    client = client_jeton_de(personas, personas.conseiller)
    with django_assert_max_num_queries(30):
        ids = {s["id"] for s in client.get("/api/v1/seances").json()["resultats"]}
    assert seance.pk in ids
    autre = client_jeton_de(personas, personas.conseiller_calvados).get("/api/v1/seances").json()["resultats"]
    assert seance.pk not in {s["id"] for s in autre}


def test_inscriptions_du_parcours_et_perimetre(monde, personas):
    inscription = inscription_du_dossier(monde.cantal)
    url = f"/api/v1/parcours/{monde.cantal.parcours.pk}/inscriptions"
    assert [i["id"] for i in client_jeton_de(personas, personas.conseiller).get(url).json()["resultats"]] == [
        inscription.pk
    ]
    assert client_jeton_de(personas, personas.conseiller_calvados).get(url).status_code == 404


def test_inscrire_avec_accord(monde, personas):
    inscription = inscription_du_dossier(monde.cantal)
    seance = inscription.seance
    client = client_jeton_de(personas, personas.conseiller)
    url = f"/api/v1/parcours/{monde.cantal.parcours.pk}/inscriptions"
    accord = timezone.localdate().isoformat()
    assert client.post(url, {"seance": seance.pk}, "application/json").status_code == 422  # accord exigé
    assert (
        client.post(url, {"seance": seance.pk, "accord_le": accord}, "application/json").status_code == 422
    )  # doublon
    inconnue = client.post(url, {"seance": 999999, "accord_le": accord}, "application/json")
    assert inconnue.status_code == 422 and "seance" in inconnue.json()["erreurs"]
    services_collectif.inscription_desinscrire(acteur=personas.conseiller, inscription=inscription)
    reinscrite = client.post(url, {"seance": seance.pk, "accord_le": accord}, "application/json")
    assert reinscrite.status_code == 201, reinscrite.content
    assert reinscrite.json()["statut"] in ("INSCRITE", "ATTENTE") and reinscrite.json()["accord_le"] == accord
