"""Secrets de production : sans secret propre, la production refuse de démarrer (réglages) et ``check --deploy``
signale une erreur ; en développement et en test, les valeurs dérivées restent possibles."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks

from binome.core.verifications import verifier_secrets

RACINE = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "JOURNAL_CLE": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "binome.exemple.fr",
    "CSRF_TRUSTED_ORIGINS": "https://binome.exemple.fr",
    "DATABASE_URL": "sqlite:////tmp/binome-check-secrets.sqlite3",
    "EMAIL_HOST": "smtp.exemple.fr",  # sans serveur d'envoi, la production refuse de démarrer
}


def _lancer(*commande, sans=(), **variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "HTTPS"))}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="binome.settings", **variables)
    for nom in sans:
        env.pop(nom, None)
    return subprocess.run(
        [sys.executable, *commande], cwd=RACINE, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("secret", ["SECRET_KEY", "JOURNAL_CLE"])
def test_production_sans_secret_refuse_de_demarrer(secret):
    resultat = _lancer("manage.py", "check", "--deploy", sans=(secret,))
    assert resultat.returncode != 0
    assert "ImproperlyConfigured" in resultat.stderr
    assert f"{secret} est obligatoire quand DEBUG est faux" in resultat.stderr
    # gunicorn ne lance aucune vérification système : c'est le chargement de l'application WSGI qui échoue.
    wsgi = _lancer("-c", "import binome.wsgi", sans=(secret,))
    assert wsgi.returncode != 0 and "ImproperlyConfigured" in wsgi.stderr


def test_production_refuse_la_cle_de_developpement_publique():
    resultat = _lancer("-c", "import binome.wsgi", SECRET_KEY="dev-seulement-secret_key-non-secrete")
    assert resultat.returncode != 0
    assert "la valeur de développement, publique, est refusée" in resultat.stderr


def test_check_deploy_signale_en_erreur_un_secret_de_developpement():
    """En DEBUG=1 sans secret (make run), la vérification de déploiement échoue : erreur, pas avertissement."""
    resultat = _lancer("manage.py", "check", "--deploy", sans=("SECRET_KEY", "JOURNAL_CLE"), DEBUG="1")
    assert resultat.returncode != 0
    sortie = resultat.stderr + resultat.stdout
    assert "ERRORS" in sortie and "binome.E001" in sortie
    assert "SECRET_KEY vaut sa valeur de développement" in sortie
    assert "JOURNAL_CLE vaut sa valeur de développement" in sortie


def test_developpement_sans_secret_demarre():
    resultat = _lancer("manage.py", "check", sans=("SECRET_KEY", "JOURNAL_CLE"), DEBUG="1")
    assert resultat.returncode == 0, resultat.stderr


def test_les_reglages_de_test_ont_des_secrets_de_developpement_signales():
    erreurs = verifier_secrets()
    assert {e.id for e in erreurs} == {"binome.E001"} and all(isinstance(e, checks.Error) for e in erreurs)
    assert settings.SECRET_KEY != settings.JOURNAL_CLE
