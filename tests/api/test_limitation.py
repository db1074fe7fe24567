"""Limitation du débit par jeton : 429 avec Retry-After au-delà de la limite, compte partagé dans la ligne du jeton
(exact entre connexions concurrentes sur PostgreSQL), fenêtre d'une minute, sessions non limitées."""

import datetime
import threading

import pytest
from django.db import connection, connections

from binome.comptes import services
from binome.comptes.models import JetonApi
from tests.api.outils import bearer

LIRE = "/api/essai/lire"


@pytest.fixture
def limite_3(settings):
    settings.API_LIMITE_REQUETES_PAR_MINUTE = 3


@pytest.mark.django_db
@pytest.mark.urls("tests.api.urls_essai")
def test_429_avec_retry_after_puis_nouvelle_fenetre(client, personas, jeton_de, horloge, limite_3):
    _jeton, clair = jeton_de(personas.conseiller)
    assert [client.get(LIRE, **bearer(clair)).status_code for _ in range(3)] == [200, 200, 200]
    horloge.tick(datetime.timedelta(seconds=20))
    reponse = client.get(LIRE, **bearer(clair))
    assert reponse.status_code == 429
    assert reponse["Retry-After"] == "40"  # la fenêtre a commencé il y a 20 s
    assert reponse["Content-Type"] == "application/problem+json"
    corps = reponse.json()
    assert corps["status"] == 429 and corps["title"] == "Trop de requêtes"
    assert "3 requêtes par minute" in corps["detail"] and "40 secondes" in corps["detail"]
    horloge.tick(datetime.timedelta(seconds=39))
    assert client.get(LIRE, **bearer(clair))["Retry-After"] == "1"
    horloge.tick(datetime.timedelta(seconds=1))
    assert client.get(LIRE, **bearer(clair)).status_code == 200


@pytest.mark.django_db
@pytest.mark.urls("tests.api.urls_essai")
def test_chaque_jeton_a_son_compte(client, personas, jeton_de, limite_3):
    _a, clair_a = jeton_de(personas.conseiller, nom="A")
    _b, clair_b = jeton_de(personas.conseiller, nom="B")
    for _ in range(3):
        client.get(LIRE, **bearer(clair_a))
    assert client.get(LIRE, **bearer(clair_a)).status_code == 429
    assert client.get(LIRE, **bearer(clair_b)).status_code == 200


@pytest.mark.django_db
@pytest.mark.urls("tests.api.urls_essai")
def test_les_refus_comptent_aussi(client, personas, jeton_de, limite_3):
    """Un jeton en lecture seule qui insiste en écriture (403) épuise sa limite comme les autres."""
    _jeton, clair = jeton_de(personas.conseiller, lecture_seule=True)
    statuts = [
        client.post("/api/essai/jetons", {"nom": "x"}, content_type="application/json", **bearer(clair)).status_code
        for _ in range(4)
    ]
    assert statuts == [403, 403, 403, 429]


@pytest.mark.django_db
@pytest.mark.urls("tests.api.urls_essai")
def test_une_session_n_est_pas_limitee(client_de, personas, limite_3):
    client = client_de(personas.conseiller)
    assert {client.get(LIRE).status_code for _ in range(5)} == {200}


@pytest.mark.django_db
@pytest.mark.urls("tests.api.urls_essai")
def test_limite_nulle_desactive(client, personas, jeton_de, settings):
    settings.API_LIMITE_REQUETES_PAR_MINUTE = 0
    _jeton, clair = jeton_de(personas.conseiller)
    assert {client.get(LIRE, **bearer(clair)).status_code for _ in range(5)} == {200}


@pytest.mark.django_db(transaction=True)
def test_compte_exact_entre_connexions_concurrentes(personas):
    """Huit fils, chacun sa connexion, vingt requêtes chacun pour une limite de 50 : exactement 50 passent et la
    ligne du jeton compte 50 (aucune mise à jour perdue, aucun dépassement)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrence réelle entre connexions : PostgreSQL seulement (la base SQLite de test en mémoire, à cache "
            "partagé, sérialise tout et ne représente pas plusieurs processus)"
        )
    jeton, _clair = services.jeton_api_creer(acteur=None, utilisateur=personas.conseiller, nom="Concurrence")
    limite, fils_nombre, par_fil = 50, 8, 20
    depart = threading.Barrier(fils_nombre)
    acceptees, erreurs = [], []

    def envoyer():
        try:
            depart.wait(timeout=10)
            for _ in range(par_fil):
                if services.jeton_api_compter_requete(jeton=jeton, limite=limite) == 0:
                    acceptees.append(1)
        except Exception as erreur:  # noqa: BLE001 — toute erreur fait échouer le test
            erreurs.append(repr(erreur))
        finally:
            connections.close_all()

    fils = [threading.Thread(target=envoyer) for _ in range(fils_nombre)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=60)
    assert not erreurs, erreurs
    assert len(acceptees) == limite
    assert JetonApi.objects.get(pk=jeton.pk).requetes_fenetre == limite
