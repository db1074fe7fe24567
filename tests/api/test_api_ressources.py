"""API REST : authentification par session (401 JSON pour un anonyme), recherche et fiche, OpenAPI."""

import pytest
from data_inclusion.schema import v1

from binome.ressources.models import Service
from tests.ressources import factories as rf
from tests.ressources.conftest import cantal  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(personas, cantal):  # noqa: F811
    sf, murat = cantal["saint_flour"], cantal["murat"]
    loin = rf.service(commune_obj=murat, nom="Permis à Murat")
    pres = rf.service(
        commune_obj=sf, nom="Café santé permis", telephone="0471000000", contact_reserve_professionnels=True
    )
    en_ligne = rf.service(nom="Code en ligne", modes_accueil=["a-distance"])
    return pres, loin, en_ligne


def test_anonyme_recoit_401_json(client, services):
    for url in ("/api/v1/services", f"/api/v1/services/{services[0].pk}"):
        reponse = client.get(url)
        assert reponse.status_code == 401
        # RFC 9457 : un « problem details » en français, et le schéma d'authentification attendu.
        assert reponse["Content-Type"] == "application/problem+json"
        assert reponse["WWW-Authenticate"].startswith("Bearer")
        assert reponse.json()["status"] == 401 and "jeton" in reponse.json()["detail"]


def test_sans_habilitation_403(client_de, services):
    from tests.factories import UtilisateurFactory

    reponse = client_de(UtilisateurFactory(email="sans.role@exemple.gouv.fr")).get("/api/v1/services")
    assert reponse.status_code == 403


def test_documentation_openapi(personas, client_de):
    client = client_de(personas.conseiller)
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/services" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize("persona", ["conseiller", "partenaire", "admin_calvados"])
def test_recherche_triee_par_distance(personas, client_de, services, persona):
    pres, loin, en_ligne = services
    reponse = client_de(getattr(personas, persona)).get(
        "/api/v1/services", {"commune": "15187", "frein": "mobilite:permis-et-ou-code-en-cours", "rayon": 30}
    )
    assert reponse.status_code == 200
    donnees = reponse.json()
    assert donnees["nombre"] == 3
    assert [r["id"] for r in donnees["resultats"]] == [pres.pk, loin.pk, en_ligne.pk]
    assert [r["groupe"] for r in donnees["resultats"]] == ["PRESENTIEL", "PRESENTIEL", "DISTANCE"]
    assert donnees["resultats"][1]["distance_km"] == pytest.approx(19.6, abs=0.1)


def test_recherche_texte_et_erreurs(personas, client_de, services):
    client = client_de(personas.conseiller)
    assert [r["nom"] for r in client.get("/api/v1/services", {"q": "CAFE sante"}).json()["resultats"]] == [
        "Café santé permis"
    ]
    erreur = client.get("/api/v1/services", {"commune": "Atlantide"})
    assert erreur.status_code == 422 and "commune" in erreur.json()["erreurs"]


def test_fiche_au_format_data_inclusion(personas, client_de, services):
    pres = services[0]
    reponse = client_de(personas.conseiller).get(f"/api/v1/services/{pres.pk}")
    assert reponse.status_code == 200
    fiche = reponse.json()
    v1.Service.model_validate(fiche["data_inclusion"])
    v1.Structure.model_validate(fiche["structure"])
    assert fiche["data_inclusion"]["telephone"] == "0471000000"  # professionnel connecté
    assert fiche["contact_reserve_professionnels"] is True


def test_fiche_non_publiee_ou_inconnue_404(personas, client_de, services):
    Service.objects.filter(pk=services[0].pk).update(statut="MASQUE")
    client = client_de(personas.conseiller)
    assert client.get(f"/api/v1/services/{services[0].pk}").status_code == 404
    assert client.get("/api/v1/services/inconnu--1").status_code == 404
