"""Serveurs d'application sans état : le cache de Django partagé par Redis (``CACHE_URL``), vu de deux serveurs.

La limite de débit du flux d'abonnement à l'agenda (``binome.agenda.debit``) vit dans le cache. Deux vrais serveurs
gunicorn, sur la même base et le même Redis (127.0.0.1:6379, base numérotée propre à ce test, vidée avant et
après) : les jetons inconnus essayés sur le premier bloquent l'adresse sur le second. Un troisième serveur sans
``CACHE_URL`` (cache en mémoire de son processus) ne voit rien : c'est ce que le cache partagé corrige. Sans Redis
joignable, le test est ignoré avec un avis, sauf en CI (``CI=true``) où il doit tourner.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured

from binome import env as reglages_env
from binome.agenda import debit
from tests.confiance.test_journal_concurrence import _dans_un_thread, base_partagee
from tests.confiance.test_planificateur import RACINE, _environnement, _url_de_la_base

REDIS_DU_TEST = os.environ.get("BINOME_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def _caches(**variables) -> dict:
    """``CACHES`` des réglages de production lus dans un processus neuf, avec ces variables d'environnement."""
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    sortie = subprocess.run(
        [sys.executable, "-c", code],
        cwd=RACINE,
        env={**env, "DJANGO_SETTINGS_MODULE": "binome.settings", "DEBUG": "1", **variables},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(sortie.stdout)["default"]


def test_sans_reglage_le_cache_reste_local():
    assert _caches() == {"BACKEND": reglages_env.LOCAL}


@pytest.mark.parametrize("variable", ["CACHE_URL", "REDIS_URL"])
def test_cache_url_ou_redis_url_donne_le_cache_redis(variable):
    cache = _caches(**{variable: "redis://10.0.0.30:6379/2"})
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://10.0.0.30:6379/2" and cache["KEY_PREFIX"] == "binome"


def test_une_adresse_qui_n_est_pas_redis_est_refusee():
    with pytest.raises(ImproperlyConfigured, match="Redis"):
        reglages_env.reglages_cache("memcached://10.0.0.30:11211")


@pytest.fixture
def redis_du_test():
    import redis

    client = redis.Redis.from_url(REDIS_DU_TEST, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as erreur:
        if os.environ.get("CI"):
            pytest.fail(f"Redis injoignable en CI ({REDIS_DU_TEST}) : {erreur}")
        pytest.skip(f"Redis injoignable ({REDIS_DU_TEST}) : test du cache partagé ignoré")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def _port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def _statut(adresse: str) -> int:
    try:
        with urllib.request.urlopen(adresse, timeout=10) as reponse:  # noqa: S310 — adresse locale du test
            return reponse.status
    except urllib.error.HTTPError as erreur:
        return erreur.code


def _attendre_le_serveur(adresse: str, processus: subprocess.Popen) -> None:
    fin = time.monotonic() + 90
    while time.monotonic() < fin:
        assert processus.poll() is None, "le serveur s'est arrêté au démarrage"
        try:
            _statut(f"{adresse}/")
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{adresse} ne répond pas")


@pytest.mark.django_db(transaction=True)
def test_une_limite_posee_par_un_serveur_est_vue_par_l_autre(redis_du_test, tmp_path):
    with base_partagee(tmp_path):
        commun = _environnement(_dans_un_thread(_url_de_la_base))
        commun = {k: v for k, v in commun.items() if k not in {"CACHE_URL", "REDIS_URL"}}
        reglages = {"a": {"CACHE_URL": REDIS_DU_TEST}, "b": {"CACHE_URL": REDIS_DU_TEST}, "local": {}}
        ports = {nom: _port_libre() for nom in reglages}
        serveurs = {
            nom: subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "binome.wsgi",
                    "--bind",
                    f"127.0.0.1:{ports[nom]}",
                    "--workers",
                    "1",
                ],
                cwd=RACINE,
                env={**commun, **propres},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for nom, propres in reglages.items()
        }
        try:
            adresses = {nom: f"http://127.0.0.1:{port}" for nom, port in ports.items()}
            for nom, processus in serveurs.items():
                _attendre_le_serveur(adresses[nom], processus)
            flux = "/agenda/abonnement/{}.ics"
            # Jetons inconnus essayés sur le serveur « a » : chacun est un échec compté pour l'adresse 127.0.0.1.
            assert {_statut(adresses["a"] + flux.format(f"inconnu-{n}")) for n in range(debit.ECHECS_MAX)} == {404}
            assert redis_du_test.dbsize() >= 1  # le compteur est dans Redis, pas dans le processus
            # Le serveur « b », autre processus sur le même Redis, refuse l'adresse sans chercher le jeton.
            assert _statut(adresses["b"] + flux.format("encore-un")) == 429
            # Le serveur au cache local ne sait rien des échecs comptés ailleurs.
            assert _statut(adresses["local"] + flux.format("encore-un")) == 404
        finally:
            for processus in serveurs.values():
                processus.terminate()
            for processus in serveurs.values():
                processus.wait(timeout=30)
