"""``Idempotency-Key`` : même clé + même requête → la réponse mémorisée rejouée sans rien recréer ; autre requête →
422 ; requête en cours → 409 ; refus → clé libérée ; portée par jeton ; purge après 24 h ; documenté en OpenAPI."""

import datetime
import json

import pytest
from django.test import RequestFactory

from binome.api import idempotence
from binome.api import services as services_api
from binome.api.models import CleIdempotence
from binome.api.taches import purger_cles_idempotence
from binome.comptes.models import JetonApi
from binome.confiance import planification
from tests.api.outils import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_essai")]

CREER = "/api/essai/jetons"


def _poster(client, clair, corps, cle=None, chemin=CREER):
    entetes = bearer(clair)
    if cle is not None:
        entetes["HTTP_IDEMPOTENCY_KEY"] = cle
    return client.post(chemin, json.dumps(corps), content_type="application/json", **entetes)


@pytest.fixture
def clair(personas, jeton_de):
    return jeton_de(personas.conseiller, nom="Client")[1]


def _crees(personas):
    return JetonApi.objects.filter(utilisateur=personas.conseiller).exclude(nom="Client").count()


def test_meme_cle_meme_corps_rejoue_sans_recreer(client, personas, clair):
    premiere = _poster(client, clair, {"nom": "Synchro"}, cle="cle-1")
    assert premiere.status_code == 201
    assert "Idempotent-Replayed" not in premiere
    rejouee = _poster(client, clair, {"nom": "Synchro"}, cle="cle-1")
    assert rejouee.status_code == 201
    assert rejouee.json() == premiere.json()
    assert rejouee["Content-Type"] == premiere["Content-Type"]
    assert rejouee["Idempotent-Replayed"] == "true"
    assert _crees(personas) == 1
    # Une autre clé crée bien autre chose.
    assert _poster(client, clair, {"nom": "Synchro"}, cle="cle-2").json()["id"] != premiere.json()["id"]
    assert _crees(personas) == 2


def test_sans_cle_chaque_requete_cree(client, personas, clair):
    _poster(client, clair, {"nom": "Sans clé"})
    _poster(client, clair, {"nom": "Sans clé"})
    assert _crees(personas) == 2
    assert not CleIdempotence.objects.exists()


def test_meme_cle_autre_corps_422(client, personas, clair):
    assert _poster(client, clair, {"nom": "Premier"}, cle="cle-x").status_code == 201
    reponse = _poster(client, clair, {"nom": "Autre"}, cle="cle-x")
    assert reponse.status_code == 422
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse.json()["title"] == "Clé d'idempotence déjà utilisée"
    assert _crees(personas) == 1


def test_meme_cle_en_cours_409(client, personas, clair):
    # La première requête est « en cours » : sa clé est réservée, sans réponse mémorisée.
    jeton = JetonApi.objects.get(nom="Client")
    requete = RequestFactory().post(CREER, json.dumps({"nom": "Long"}), content_type="application/json")
    services_api.cle_idempotence_reserver(
        portee=f"jeton:{jeton.pk}",
        cle="cle-lente",
        empreinte=idempotence._empreinte(requete),
        utilisateur=personas.conseiller,
    )
    reponse = _poster(client, clair, {"nom": "Long"}, cle="cle-lente")
    assert reponse.status_code == 409
    assert reponse["Retry-After"] == "1"
    assert reponse.json()["title"] == "Requête en cours"
    assert _crees(personas) == 0


def test_un_refus_libere_la_cle(client, personas, clair):
    refus = _poster(client, clair, {"nom": "   "}, cle="cle-r")
    assert refus.status_code == 422
    assert not CleIdempotence.objects.filter(cle="cle-r").exists()
    corrige = _poster(client, clair, {"nom": "Corrigé"}, cle="cle-r")
    assert corrige.status_code == 201


def test_la_cle_est_propre_au_jeton(client, personas, clair, jeton_de):
    _jeton, autre = jeton_de(personas.conseiller, nom="Client")
    a = _poster(client, clair, {"nom": "Même"}, cle="partagee")
    b = _poster(client, autre, {"nom": "Même"}, cle="partagee")
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]
    assert set(CleIdempotence.objects.values_list("portee", flat=True)) == {
        f"jeton:{pk}" for pk in JetonApi.objects.filter(nom="Client").values_list("pk", flat=True)
    }


def test_session_portee_compte(client_de, personas):
    client = client_de(personas.conseiller)
    corps = json.dumps({"nom": "Par session"})
    premiere = client.post(CREER, corps, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1")
    rejouee = client.post(CREER, corps, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1")
    assert premiere.status_code == rejouee.status_code == 201
    assert rejouee["Idempotent-Replayed"] == "true"
    assert CleIdempotence.objects.get().portee == f"compte:{personas.conseiller.pk}"
    assert JetonApi.objects.filter(nom="Par session").count() == 1


def test_en_tetes_rejoues(client, clair):
    premiere = _poster(client, clair, {}, cle="brut", chemin="/api/essai/brut")
    rejouee = _poster(client, clair, {}, cle="brut", chemin="/api/essai/brut")
    assert premiere.status_code == rejouee.status_code == 201
    assert rejouee["Location"] == "/api/essai/brut/1"
    assert rejouee.content == premiere.content


@pytest.mark.parametrize("cle", ["", "a" * 256, "avec espace", "accentuée"])
def test_cle_invalide_400(client, personas, clair, cle):
    reponse = _poster(client, clair, {"nom": "X"}, cle=cle)
    assert reponse.status_code == 400
    assert reponse.json()["title"] == "Clé d'idempotence invalide"
    assert _crees(personas) == 0


def test_cle_de_plus_de_24_h_oubliee_et_purgee(client, personas, clair, horloge):
    assert _poster(client, clair, {"nom": "Ancien"}, cle="vieille").status_code == 201
    horloge.tick(datetime.timedelta(hours=24, seconds=1))
    # Oubliée : la même clé sert à nouveau, même avec un autre corps.
    assert _poster(client, clair, {"nom": "Nouveau"}, cle="vieille").status_code == 201
    assert _poster(client, clair, {"nom": "Récent"}, cle="recente").status_code == 201
    horloge.tick(datetime.timedelta(hours=24, seconds=1))
    assert _poster(client, clair, {"nom": "Du jour"}, cle="du-jour").status_code == 201
    assert purger_cles_idempotence.call() == 2
    assert list(CleIdempotence.objects.values_list("cle", flat=True)) == ["du-jour"]


def test_purge_planifiee_chaque_nuit():
    entree = next(t for t in planification.TACHES_PLANIFIEES if t.nom == "purger_cles_idempotence")
    assert entree.tache is purger_cles_idempotence
    assert entree.rythme == planification.Rythme.NOCTURNE
    assert planification.erreurs_planification(planification.TACHES_PLANIFIEES) == []


def test_en_tete_documente_dans_openapi():
    from tests.api.api_essai import essai

    schema = essai.get_openapi_schema()
    operation = schema["paths"]["/api/essai/jetons"]["post"]
    noms = [p["name"] for p in operation["parameters"]]
    assert noms.count("Idempotency-Key") == 1
    parametre = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert parametre["in"] == "header" and parametre["required"] is False
    assert {"201", "409", "422"} <= {str(code) for code in operation["responses"]}
    assert "application/problem+json" in operation["responses"][409]["content"]
    # Une lecture n'est pas concernée.
    assert "Idempotency-Key" not in json.dumps(schema["paths"]["/api/essai/lire"])


def test_decorateur_mal_place_refuse():
    from django.core.exceptions import ImproperlyConfigured
    from ninja import Router

    routeur = Router()

    @routeur.post("/x")
    def vue(request):
        return {}

    with pytest.raises(ImproperlyConfigured, match="sous le décorateur de route"):
        idempotence.idempotent(vue)


@pytest.mark.django_db(transaction=True)
def test_requetes_simultanees_une_seule_creation(personas):
    """Quatre connexions envoient en même temps la même création avec la même clé : une seule crée, les autres
    reçoivent 409 (en cours) ou la réponse rejouée (PostgreSQL : la contrainte d'unicité tranche)."""
    import threading

    from django.db import connection, connections
    from django.test import Client

    from binome.comptes import services

    if connection.vendor != "postgresql":
        pytest.skip("concurrence réelle entre connexions : PostgreSQL seulement (SQLite de test sérialise tout)")
    _jeton, clair = services.jeton_api_creer(
        acteur=None, utilisateur=personas.conseiller, nom="Client", lecture_seule=False
    )
    depart = threading.Barrier(4)
    reponses, erreurs = [], []

    def envoyer():
        try:
            depart.wait(timeout=10)
            reponses.append(_poster(Client(), clair, {"nom": "Simultané"}, cle="meme-cle"))
        except Exception as erreur:  # noqa: BLE001 — toute erreur fait échouer le test
            erreurs.append(repr(erreur))
        finally:
            connections.close_all()

    fils = [threading.Thread(target=envoyer) for _ in range(4)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=60)
    assert not erreurs, erreurs
    statuts = sorted(r.status_code for r in reponses)
    assert len(statuts) == 4 and set(statuts) <= {201, 409}, statuts
    assert JetonApi.objects.filter(nom="Simultané").count() == 1
    identifiants = {r.json()["id"] for r in reponses if r.status_code == 201}
    assert len(identifiants) == 1
