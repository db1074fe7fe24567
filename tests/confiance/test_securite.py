"""Sécurité : essais de connexion limités, session, CSP, réglages de production, journaux sans données
personnelles, taille des requêtes, pages d'erreur en français, CSRF partout."""

import datetime
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from binome.core.journalisation import masquer
from tests import factories as f
from tests.routes import toutes_les_routes

RACINE = Path(__file__).resolve().parents[2]


def _echec(client, email="claire.conseillere@exemple.gouv.fr"):
    return client.post(reverse("comptes:connexion"), {"username": email, "password": "mauvais-mot-de-passe"})


# --- Limitation des essais (django-axes) ------------------------------------------------------------------


@pytest.mark.django_db
def test_verrouillage_apres_5_echecs_avec_message_francais(personas):
    client = Client()
    for _i in range(4):
        reponse = _echec(client)
        assert reponse.status_code == 200
        assert "Adresse électronique ou mot de passe incorrect." in reponse.content.decode()
    reponse = _echec(client, "Claire.Conseillere@exemple.gouv.fr ")  # même compte, autre casse
    assert reponse.status_code == 429
    contenu = reponse.content.decode()
    assert "Connexion temporairement bloquée" in contenu
    assert "Après 5 essais infructueux" in contenu
    # Même avec le bon mot de passe, le compte reste bloqué pendant la période de verrouillage.
    bon = client.post(
        reverse("comptes:connexion"), {"username": "claire.conseillere@exemple.gouv.fr", "password": f.MOT_DE_PASSE}
    )
    assert bon.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_le_verrouillage_expire(personas):
    from freezegun import freeze_time

    client = Client()
    for _i in range(5):
        _echec(client)
    with freeze_time(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)):
        bon = client.post(
            reverse("comptes:connexion"),
            {"username": "claire.conseillere@exemple.gouv.fr", "password": f.MOT_DE_PASSE},
        )
    assert bon.status_code == 302


@pytest.mark.django_db
def test_une_connexion_reussie_remet_le_compteur_a_zero(personas):
    client = Client()
    for _i in range(4):
        _echec(client)
    client.post(
        reverse("comptes:connexion"), {"username": "claire.conseillere@exemple.gouv.fr", "password": f.MOT_DE_PASSE}
    )
    client.post(reverse("comptes:deconnexion"))
    for _i in range(4):
        assert _echec(client).status_code == 200


@pytest.mark.django_db
def test_authentification_sans_requete_non_comptee(personas):
    from django.contrib.auth import authenticate

    assert authenticate(username="claire.conseillere@exemple.gouv.fr", password=f.MOT_DE_PASSE) == personas.conseiller


# --- Session ------------------------------------------------------------------------------------------------


def test_reglages_de_session():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # expiration glissante : binome.core.session (issue 17)
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_session_expire_apres_30_minutes_d_inactivite(personas):
    from freezegun import freeze_time

    client = Client()
    depart = datetime.datetime.now(datetime.UTC)
    with freeze_time(depart):
        client.force_login(personas.conseiller)
        assert client.get(reverse("core:accueil")).status_code == 200
    with freeze_time(depart + datetime.timedelta(minutes=25)):  # activité : la session est prolongée
        assert client.get(reverse("core:accueil")).status_code == 200
    with freeze_time(depart + datetime.timedelta(minutes=50)):
        assert client.get(reverse("core:accueil")).status_code == 200
    with freeze_time(depart + datetime.timedelta(minutes=81)):  # 31 minutes sans activité
        reponse = client.get(reverse("core:accueil"))
        assert reponse.status_code == 302 and reponse["Location"].startswith("/connexion/")


# --- En-têtes -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csp_sans_script_en_ligne(personas, client_de):
    reponse = client_de(personas.conseiller).get(reverse("core:accueil"))
    csp = reponse["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"].startswith("'self' 'nonce-")
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    contenu = reponse.content.decode()
    assert "<script>" not in contenu and " style=" not in contenu


def test_argon2_en_production():
    import importlib

    production = importlib.import_module("binome.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


# --- Réglages de production ----------------------------------------------------------------------------------

ENV_PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "JOURNAL_CLE": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "binome.exemple.fr",
    "CSRF_TRUSTED_ORIGINS": "https://binome.exemple.fr",
    "DATABASE_URL": "sqlite:////tmp/binome-check-deploy.sqlite3",
    "EMAIL_HOST": "smtp.exemple.fr",  # sans serveur d'envoi, la production refuse de démarrer
}


def _manage(*args, env_supplementaire=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "HTTPS"))}
    env.update(ENV_PRODUCTION, DJANGO_SETTINGS_MODULE="binome.settings", **(env_supplementaire or {}))
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=RACINE, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_sans_avertissement_en_production():
    resultat = _manage("check", "--deploy")
    assert resultat.returncode == 0, resultat.stderr
    assert "System check identified no issues (0 silenced)." in resultat.stdout
    assert "WARNING" not in resultat.stderr + resultat.stdout


def test_cookies_securises_et_hsts_en_production():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG, s.BINOME_DOUBLE_FACTEUR_OBLIGATOIRE)"
    )
    resultat = _manage("shell", "--no-imports", "-c", code)
    assert resultat.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "False",
        "True",
    ], resultat.stderr


# --- Journaux applicatifs sans données personnelles -----------------------------------------------------------


def test_filtre_masque_courriels_et_telephones():
    assert masquer("échec pour claire.conseillere@exemple.gouv.fr au 06 11 22 33 44") == (
        "échec pour [courriel masqué] au [téléphone masqué]"
    )
    assert masquer("dossier 1234567 ouvert") == "dossier 1234567 ouvert"


@pytest.mark.django_db
def test_aucune_donnee_personnelle_dans_les_journaux(monde):
    """Un parcours typique (échecs de connexion, relevés, accès refusés, 404) : les journaux applicatifs, tels que
    le gestionnaire de production les écrit, ne contiennent ni le nom de la personne, ni son téléphone, ni
    l'adresse d'un professionnel."""
    import io

    from binome.core.journalisation import FiltreDonneesPersonnelles

    console = settings.LOGGING["handlers"]["console"]
    assert console["filters"] == ["donnees_personnelles"]
    assert settings.LOGGING["filters"]["donnees_personnelles"]["()"].endswith("FiltreDonneesPersonnelles")
    personne = monde.cantal.personne
    personne.telephone = "0611223344"
    personne.courriel = "ysaline.quatrefages@exemple.fr"
    personne.save()
    flux = io.StringIO()
    gestionnaire = logging.StreamHandler(flux)
    gestionnaire.addFilter(FiltreDonneesPersonnelles())
    gestionnaire.setFormatter(logging.Formatter("{asctime} {levelname} {name} {message}", style="{"))
    racine = logging.getLogger()
    niveau = racine.level
    racine.addHandler(gestionnaire)
    racine.setLevel(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.WARNING)
    try:
        anonyme = Client()
        _echec(anonyme)
        _echec(anonyme, "ysaline.quatrefages@exemple.fr")
        for persona in (monde.personas.conseiller, monde.personas.conseiller_calvados):
            client = Client()
            client.force_login(persona)
            for nom in ("export_personne", "export_personne_json", "droits_personne", "historique_personne"):
                client.get(reverse(f"confiance:{nom}", kwargs={"personne_pk": personne.pk}))
            client.post(reverse("confiance:notice_enregistrer", kwargs={"personne_pk": personne.pk}), {"date": "x"})
            client.get("/accompagnement/personnes/999999/")
        logging.getLogger("binome").warning("Contact de %s", "ysaline.quatrefages@exemple.fr")
    finally:
        racine.removeHandler(gestionnaire)
        racine.setLevel(niveau)
    texte = flux.getvalue()
    assert "Not Found" in texte and "Contact de [courriel masqué]" in texte  # des lignes ont bien été écrites
    for interdit in ("Quatrefages", "Ysaline", "0611223344", "ysaline.quatrefages@", "claire.conseillere@"):
        assert interdit not in texte, interdit


# --- Taille des requêtes -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_requete_trop_grosse_refusee_avec_message_francais(monde, client_de):
    client = client_de(monde.personas.conseiller)
    url = reverse("confiance:notice_enregistrer", kwargs={"personne_pk": monde.cantal.personne.pk})
    gros = b"x" * (settings.BINOME_TAILLE_MAX_REQUETE + 1)
    reponse = client.post(url, data=gros, content_type="application/octet-stream")
    assert reponse.status_code == 413
    assert "Envoi trop volumineux" in reponse.content.decode()
    assert "10,0 Mo" in reponse.content.decode() or "10.0 Mo" in reponse.content.decode()
    monde.cantal.personne.refresh_from_db()
    assert monde.cantal.personne.notice_remise_le is None


@pytest.mark.django_db
def test_formulaire_trop_gros_refuse_400_en_francais(monde, client_de):
    client = client_de(monde.personas.conseiller)
    url = reverse("confiance:notice_enregistrer", kwargs={"personne_pk": monde.cantal.personne.pk})
    reponse = client.post(url, {"date": "2025-03-01", "bourrage": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    assert reponse.status_code == 400
    assert "trop volumineuse" in reponse.content.decode()
    monde.cantal.personne.refresh_from_db()
    assert monde.cantal.personne.notice_remise_le is None


# --- Pages d'erreur en français -------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_d_erreur_en_francais(monde, client_de):
    client = client_de(monde.personas.pilote)
    introuvable = client.get("/cette-page-n-existe-pas/")
    assert introuvable.status_code == 404 and "Page introuvable" in introuvable.content.decode()
    interdit = client.get(reverse("confiance:journal"))
    assert interdit.status_code == 403 and "Accès refusé" in interdit.content.decode()
    requete = RequestFactory().get("/")
    erreur = defaults.server_error(requete)
    assert erreur.status_code == 500
    contenu = erreur.content.decode()
    assert "Erreur inattendue" in contenu and "<script" not in contenu and 'lang="fr"' in contenu
    mauvaise = defaults.bad_request(requete, Exception("x"))
    assert "Requête refusée" in mauvaise.content.decode()


# --- CSRF ---------------------------------------------------------------------------------------------------------


def test_aucune_vue_exemptee_de_csrf():
    """Toute vue HTML passe par CsrfViewMiddleware ; l'API (django-ninja) est exemptée par construction mais
    vérifie elle-même le jeton CSRF des requêtes authentifiées par la session."""
    from django.urls import get_resolver

    def vues(motifs, prefixe=""):
        for motif in motifs:
            if hasattr(motif, "url_patterns"):
                yield from vues(motif.url_patterns, prefixe + str(motif.pattern))
            else:
                yield prefixe + str(motif.pattern), motif

    exemptees = [
        chemin
        for chemin, motif in vues(get_resolver().url_patterns)
        if getattr(motif.callback, "csrf_exempt", False) and not chemin.startswith("api/")
    ]
    assert exemptees == []
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert toutes_les_routes()
    from ninja.security import APIKeyCookie

    from binome.api.api import api

    # La session (cookie) exige le jeton CSRF ; le jeton d'API (en-tête Authorization, qu'un site tiers ne peut pas
    # faire envoyer par le navigateur) n'en a pas besoin.
    par_cookie = [auth for auth in api.auth if isinstance(auth, APIKeyCookie)]
    assert par_cookie and all(auth.csrf for auth in par_cookie)
