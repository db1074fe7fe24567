"""API v1 des personnes : périmètre, secret partagé champ par champ, création et doublons, ETag/If-Match, journal,
nombre de requêtes, pagination et synchronisation incrémentale."""

import datetime

import pytest
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement import selectors
from binome.accompagnement.models import Personne
from binome.confiance.models import EntreeJournal
from tests.accompagnement import factories as fa
from tests.api.outils import client_jeton, creer_jeton, tout_lire

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(personas):
    """Un parcours du Cantal suivi par Claire (agence) et Sophie (MDS), avec RQTH et motif du droit au RSA."""
    personne = fa.personne_du(
        personas.cantal,
        nom="Quatrevents",
        prenom="Odile",
        rqth=e.ReponseSensible.OUI,
        droit_rsa=e.DroitRsa.SUSPENDU,
        droit_rsa_motif="MOTIFRSASECRET",
    )
    return fa.parcours_du_binome(personas, personne=personne)


@pytest.fixture
def clients(personas):
    return {nom: client_jeton(creer_jeton(getattr(personas, nom))) for nom in ("conseiller", "travailleur_social")}


def test_liste_egale_au_selecteur_de_la_page(personas, dossier, clients):
    fa.parcours_du_binome(personas, territoire=personas.calvados, personne=fa.personne_du(personas.calvados))
    ids = {p["id"] for p in tout_lire(clients["conseiller"], "/api/v1/personnes", taille=1)}
    attendus = set(selectors.personnes_liste(personas.conseiller).values_list("pk", flat=True))
    assert ids == attendus and dossier.personne_id in ids


def test_recherche_comme_la_page(personas, dossier, clients):
    autre = fa.parcours_du_binome(personas, personne=fa.personne_du(personas.cantal, nom="Zanzibar"))
    trouves = clients["conseiller"].get("/api/v1/personnes", {"q": "quatrev"}).json()["resultats"]
    assert [p["id"] for p in trouves] == [dossier.personne_id]
    assert autre.personne_id not in [p["id"] for p in trouves]


def test_calvados_ne_voit_ni_ne_modifie_le_cantal(personas, dossier):
    client = client_jeton(creer_jeton(personas.conseiller_calvados))
    url = f"/api/v1/personnes/{dossier.personne_id}"
    assert client.get(url).status_code == 404
    reponse = client.patch(url, {"nom": "Pirate"}, content_type="application/json", HTTP_IF_MATCH='"x"')
    assert reponse.status_code == 404
    # Même un corps invalide répond 404 : le périmètre passe avant la validation.
    assert client.patch(url, "pas du json", content_type="application/json").status_code == 404
    assert "Quatrevents" not in client.get("/api/v1/personnes").content.decode()
    assert Personne.objects.get(pk=dossier.personne_id).nom == "Quatrevents"


def test_secret_partage_champ_par_champ(dossier, clients):
    url = f"/api/v1/personnes/{dossier.personne_id}"
    cote_ft = clients["conseiller"].get(url).json()
    assert cote_ft["rqth"] is None and cote_ft["droit_rsa_motif"] is None
    assert cote_ft["droit_rsa"] == "SUSPENDU"
    assert set(cote_ft["champs_masques"]) == {"rqth", "droit_rsa_motif"}
    assert "MOTIFRSASECRET" not in clients["conseiller"].get("/api/v1/personnes").content.decode()
    cote_social = clients["travailleur_social"].get(url).json()
    assert cote_social["rqth"] == "OUI" and cote_social["droit_rsa_motif"] == "MOTIFRSASECRET"
    assert cote_social["champs_masques"] == []
    liste = clients["travailleur_social"].get("/api/v1/personnes").json()["resultats"]
    assert next(p for p in liste if p["id"] == dossier.personne_id)["rqth"] == "OUI"


def test_conseillere_ne_modifie_pas_la_rqth(dossier, clients):
    url = f"/api/v1/personnes/{dossier.personne_id}"
    version = clients["conseiller"].get(url)["ETag"]
    reponse = clients["conseiller"].patch(url, {"rqth": "NON"}, content_type="application/json", HTTP_IF_MATCH=version)
    assert reponse.status_code == 403
    assert Personne.objects.get(pk=dossier.personne_id).rqth == e.ReponseSensible.OUI


def test_modification_etag_if_match(dossier, clients):
    client = clients["conseiller"]
    url = f"/api/v1/personnes/{dossier.personne_id}"
    sans = client.patch(url, {"telephone": "0471000000"}, content_type="application/json")
    assert sans.status_code == 428 and sans["Content-Type"] == "application/problem+json"
    version = client.get(url)["ETag"]
    ok = client.patch(url, {"telephone": "0471000000"}, content_type="application/json", HTTP_IF_MATCH=version)
    assert ok.status_code == 200, ok.content
    assert ok.json()["telephone"] == "0471000000" and ok["ETag"] != version
    perime = client.patch(url, {"telephone": "0600000000"}, content_type="application/json", HTTP_IF_MATCH=version)
    assert perime.status_code == 412
    assert perime.json()["code"] == "modifie_entre_temps" and "modifiée" in perime.json()["detail"]
    assert Personne.objects.get(pk=dossier.personne_id).telephone == "0471000000"


def test_creation_doublon_puis_confirmation(personas, dossier, clients):
    corps = {
        "nom": "Quatrevents",
        "prenom": "Odette",
        "date_naissance": dossier.personne.date_naissance.isoformat(),
        "commune": dossier.personne.commune_id,
    }
    client = clients["conseiller"]
    refus = client.post("/api/v1/personnes", corps, content_type="application/json")
    assert refus.status_code == 409
    assert refus.json()["code"] == "doublon_probable"
    assert refus.json()["doublons"] == [
        {"id": dossier.personne_id, "meme_identifiant_ft": False, "meme_nom_et_naissance": True}
    ]
    cree = client.post("/api/v1/personnes", {**corps, "confirmer_doublon": True}, content_type="application/json")
    assert cree.status_code == 201, cree.content
    donnees = cree.json()
    assert donnees["etat_parcours_en_cours"] == "REPERE" and cree["Location"] == f"/api/v1/personnes/{donnees['id']}"
    assert EntreeJournal.objects.filter(personne_id=donnees["id"], action="SAISIE", route="v1:personnes").exists()


def test_creation_hors_departement_refusee(personas, clients):
    commune_calvados = next(iter(personas.calvados.communes.values()))
    corps = {"nom": "Ailleurs", "prenom": "Ana", "date_naissance": "1980-01-01", "commune": commune_calvados.pk}
    reponse = clients["conseiller"].post("/api/v1/personnes", corps, content_type="application/json")
    assert reponse.status_code == 422 and "commune" in reponse.json()["erreurs"]
    assert not Personne.objects.filter(nom="Ailleurs").exists()


def test_pilote_refuse(personas):
    client = client_jeton(creer_jeton(personas.pilote))
    assert client.get("/api/v1/personnes").status_code == 403


def test_jeton_en_lecture_seule(personas, dossier):
    client = client_jeton(creer_jeton(personas.conseiller, lecture_seule=True))
    url = f"/api/v1/personnes/{dossier.personne_id}"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"nom": "X"}, content_type="application/json").status_code == 403


def test_lecture_journalisee(dossier, clients):
    clients["conseiller"].get(f"/api/v1/personnes/{dossier.personne_id}")
    ligne = EntreeJournal.objects.get(personne_id=dossier.personne_id, route="v1:personne")
    assert ligne.action == "LECTURE" and "API" in ligne.finalite
    clients["conseiller"].get("/api/v1/personnes")
    assert EntreeJournal.objects.filter(route="v1:personnes", personne_id__isnull=True).count() == 1


def test_nombre_de_requetes_borne(personas, clients, django_assert_max_num_queries):
    for _i in range(3):
        fa.parcours_du_binome(personas)
    client = clients["travailleur_social"]
    client.get("/api/v1/personnes")  # premier appel : caches (habilitations, jeton)
    with django_assert_max_num_queries(20) as requetes:
        client.get("/api/v1/personnes")
    peu = len(requetes)
    for _i in range(10):
        fa.parcours_du_binome(personas)
    with django_assert_max_num_queries(peu):
        assert len(client.get("/api/v1/personnes").json()["resultats"]) == 13


def test_synchronisation_incrementale(personas, dossier, clients):
    client = clients["conseiller"]
    tout = tout_lire(client, "/api/v1/personnes")
    repere = max(p["modifie_le"] for p in tout)
    assert tout_lire(client, "/api/v1/personnes", modifie_depuis=repere) == [
        p for p in tout if p["modifie_le"] == repere
    ]
    plus_tard = (timezone.now() + datetime.timedelta(seconds=1)).isoformat()
    Personne.objects.filter(pk=dossier.personne_id).update(modifie_le=plus_tard)
    suivants = tout_lire(client, "/api/v1/personnes", modifie_depuis=plus_tard)
    assert [p["id"] for p in suivants] == [dossier.personne_id]
    assert client.get("/api/v1/personnes", {"modifie_depuis": "2026-01-01T00:00:00"}).status_code == 400
