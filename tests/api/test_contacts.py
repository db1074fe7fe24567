"""API des contacts : liste paginée (requêtes bornées, modifie_depuis), création, périmètre, journal."""

import datetime

import pytest
from django.utils import timezone

from tests.accompagnement import factories as fa
from tests.api.outils import client_jeton_de, lignes_journal
from tests.confiance.monde import creer_monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde(personas):
    return creer_monde(personas)


def test_liste_paginee_requetes_bornees(monde, personas, django_assert_max_num_queries):
    parcours = monde.cantal.parcours
    for _i in range(4):
        fa.ContactFactory(parcours=parcours, auteur=personas.conseiller)
    client = client_jeton_de(personas, personas.conseiller)
    url = f"/api/v1/parcours/{parcours.pk}/contacts"
    vus = []
    with django_assert_max_num_queries(40):
        page = client.get(url, {"taille": 2}).json()
    vus += [c["id"] for c in page["resultats"]]
    while page["suivant"]:
        page = client.get(page["suivant"]).json()
        vus += [c["id"] for c in page["resultats"]]
    assert len(vus) == len(set(vus)) == parcours.contacts.count() >= 5
    futur = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert client.get(url, {"modifie_depuis": futur}).json()["resultats"] == []


def test_creation_et_journal(monde, personas):
    parcours = monde.cantal.parcours
    client = client_jeton_de(personas, personas.conseiller)
    avant = len(lignes_journal(parcours.personne))
    reponse = client.post(
        f"/api/v1/parcours/{parcours.pk}/contacts",
        {"date": timezone.localdate().isoformat(), "canal": "TELEPHONE", "participants": [personas.conseiller.pk]},
        "application/json",
    )
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["participants"] == [personas.conseiller.pk]
    assert [ligne.action for ligne in lignes_journal(parcours.personne)[avant:]] == ["SAISIE"]


def test_erreurs_en_francais(monde, personas):
    client = client_jeton_de(personas, personas.conseiller)
    url = f"/api/v1/parcours/{monde.cantal.parcours.pk}/contacts"
    futur = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    reponse = client.post(url, {"date": futur, "canal": "TELEPHONE"}, "application/json")
    assert reponse.status_code == 422 and "date" in reponse.json()["erreurs"]
    inconnu = client.post(
        url,
        {"date": timezone.localdate().isoformat(), "canal": "TELEPHONE", "participants": [999999]},
        "application/json",
    )
    assert inconnu.status_code == 422 and "participants" in inconnu.json()["erreurs"]


def test_hors_perimetre(monde, personas):
    client = client_jeton_de(personas, personas.conseiller_calvados)
    url = f"/api/v1/parcours/{monde.cantal.parcours.pk}/contacts"
    assert client.get(url).status_code == 404
    reponse = client.post(url, {"date": timezone.localdate().isoformat(), "canal": "TELEPHONE"}, "application/json")
    assert reponse.status_code == 404
