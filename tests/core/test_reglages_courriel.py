"""Courriel réel (issue 13, point 6) : SMTP dès que ``EMAIL_HOST`` est fixé, la console seulement en DEBUG sans
``EMAIL_HOST``, refus de démarrer en production sans lui, un ``EMAIL_BACKEND`` explicite l'emporte toujours."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from binome import env

RACINE = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "JOURNAL_CLE": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "binome.exemple.fr",
    "DATABASE_URL": "sqlite:////tmp/binome-reglages-courriel.sqlite3",
}
LIRE = (
    "import binome.settings as s;"
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
)


def _reglages(code=LIRE, **variables):
    """Importe les réglages de production dans un sous-processus, avec ces seules variables EMAIL_*."""
    propre = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "EMAIL_", "HTTPS"))}
    propre.update(PRODUCTION, **variables)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=RACINE, env=propre, capture_output=True, text=True, timeout=120
    )


# --- La règle, fonction pure -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("explicite", "hote", "debug", "attendu"),
    [
        ("", "smtp.exemple.fr", False, env.SMTP),  # production
        ("", "127.0.0.1", True, env.SMTP),  # développement avec un serveur (MailHog, Mailpit…) : SMTP aussi
        ("", "", True, env.CONSOLE),  # développement sans serveur
        (
            "django.core.mail.backends.filebased.EmailBackend",
            "smtp.exemple.fr",
            False,
            "django.core.mail.backends.filebased.EmailBackend",
        ),
        (env.LOCMEM, "", False, env.LOCMEM),  # l'explicite l'emporte, même en production sans hôte
    ],
)
def test_choix_du_backend(explicite, hote, debug, attendu):
    assert env.backend_courriel(explicite=explicite, hote=hote, debug=debug) == attendu


def test_production_sans_hote_est_une_erreur():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_HOST est obligatoire quand DEBUG est faux"):
        env.backend_courriel(explicite="", hote=" ", debug=False)
    # Les réglages de test (secrets de développement autorisés) restent utilisables sans serveur.
    assert env.backend_courriel(explicite="", hote="", debug=False, essais=True) == env.LOCMEM


def test_tls_et_ssl_s_excluent(monkeypatch):
    monkeypatch.setenv("EMAIL_USE_TLS", "1")
    monkeypatch.setenv("EMAIL_USE_SSL", "1")
    with pytest.raises(ImproperlyConfigured, match="s'excluent"):
        env.reglages_courriel(debug=True)


def test_port_par_defaut_selon_le_chiffrement(monkeypatch):
    monkeypatch.delenv("EMAIL_PORT", raising=False)
    monkeypatch.setenv("EMAIL_HOST", "smtp.exemple.fr")
    monkeypatch.setenv("EMAIL_USE_SSL", "oui")
    assert env.reglages_courriel(debug=False)["EMAIL_PORT"] == 465
    monkeypatch.delenv("EMAIL_USE_SSL")
    monkeypatch.setenv("EMAIL_USE_TLS", "1")
    assert env.reglages_courriel(debug=False)["EMAIL_PORT"] == 587


# --- Les vrais réglages, importés dans un sous-processus -----------------------------------------------------


def test_production_avec_smtp():
    resultat = _reglages(EMAIL_HOST="smtp.exemple.fr", EMAIL_PORT="2525", EMAIL_HOST_USER="binome", EMAIL_USE_TLS="1")
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == [env.SMTP, "smtp.exemple.fr", "2525", "binome", "True", "False"]


def test_production_sans_email_host_refuse_de_demarrer():
    resultat = _reglages("import binome.wsgi")  # gunicorn : le chargement de l'application échoue
    assert resultat.returncode != 0
    assert "ImproperlyConfigured: EMAIL_HOST est obligatoire quand DEBUG est faux" in resultat.stderr


def test_developpement_console_sans_hote_smtp_avec_hote():
    console = _reglages(DEBUG="1")
    assert console.returncode == 0, console.stderr
    assert console.stdout.split()[0] == env.CONSOLE
    smtp = _reglages(DEBUG="1", EMAIL_HOST="127.0.0.1", EMAIL_PORT="1025")
    assert smtp.stdout.split()[:3] == [env.SMTP, "127.0.0.1", "1025"]


def test_un_backend_explicite_l_emporte_en_production():
    resultat = _reglages(EMAIL_BACKEND=env.LOCMEM)  # make benchmark : DEBUG faux, aucun envoi
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split()[0] == env.LOCMEM
