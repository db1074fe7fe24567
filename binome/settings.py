"""Réglages de Binôme.

Tout ce qui varie d'une installation à l'autre vient de l'environnement, lu par
``binome.env`` : ce fichier ne lit jamais ``os.environ`` directement.
"""

from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from binome import env

BASE_DIR = env.BASE_DIR

# --- Sécurité de base --------------------------------------------------------
DEBUG = env.booleen("DEBUG", defaut=False)
# Secrets : obligatoires en production (sinon ImproperlyConfigured au démarrage) ; en développement et en test,
# valeurs dérivées publiques, signalées en erreur par « check --deploy » (binome.core.verifications).
SECRETS_DE_DEVELOPPEMENT = DEBUG or env.secrets_de_developpement_autorises()
SECRET_KEY = env.secret("SECRET_KEY", developpement=SECRETS_DE_DEVELOPPEMENT)
# Clé partagée des paquets de transfert de dossier entre instances de Binôme (docs/echanges.md) ; vide : dérivée
# de SECRET_KEY, ce qui ne vaut qu'entre départements d'une même instance.
BINOME_CLE_TRANSFERT = env.chaine("BINOME_CLE_TRANSFERT", "")
# Clé HMAC des chaînes du journal des accès, gardée hors de la base (binome/confiance/journal.py).
JOURNAL_CLE = env.secret("JOURNAL_CLE", developpement=SECRETS_DE_DEVELOPPEMENT)
# Anciennes clés du journal après une rotation : vérification seulement (docs/donnees-personnelles.md).
JOURNAL_CLES_ANCIENNES = env.liste("JOURNAL_CLES_ANCIENNES", [])
# Chaînes du journal par département : autant de verrous d'écriture indépendants (binome/confiance/scellement.py).
JOURNAL_CHAINES_PAR_DEPARTEMENT = env.entier("JOURNAL_CHAINES_PAR_DEPARTEMENT", 8)
# Migration 0002 de confiance : rescelle l'ancienne chaîne même cassée (décision du DPO, voir la procédure).
JOURNAL_REPRISE_MALGRE_ANOMALIES = env.booleen("JOURNAL_REPRISE_MALGRE_ANOMALIES", defaut=False)
ALLOWED_HOSTS = env.liste("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.liste("CSRF_TRUSTED_ORIGINS", [])

# HTTPS : activé par défaut dès que DEBUG est faux ; désactivable explicitement
# pour un environnement local sans TLS.
HTTPS = env.booleen("HTTPS", defaut=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.booleen("SECURE_SSL_REDIRECT", defaut=True)
SECURE_HSTS_SECONDS = env.entier("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.booleen("DERRIERE_PROXY", defaut=HTTPS) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Envoi sans jeton ou cookie CSRF : page DSFR en français plutôt que la page brute de Django.
CSRF_FAILURE_VIEW = "binome.core.views.refus_csrf"
# Expiration de session après inactivité (30 minutes par défaut) : expiration glissante sans écriture à chaque
# requête, voir « Échelle » plus bas (binome.core.session).
SESSION_COOKIE_AGE = env.entier("SESSION_INACTIVITE_SECONDES", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Applications --------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Domaines de Binôme
    "binome.core",
    "binome.territoires",
    "binome.organisations",
    "binome.comptes",
    "binome.administration",
    "binome.accompagnement",
    "binome.agenda",
    "binome.ressources",
    "binome.quotidien",
    "binome.collectif",
    "binome.instances",
    "binome.pilotage",
    "binome.echanges",
    "binome.confiance",
    "binome.identite",
    "binome.api",
    "binome.espace",
    "binome.portail",
    "binome.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "binome.core.session.ExpirationGlissanteMiddleware",  # juste après la session : voir « Échelle »
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "binome.core.memoire_requete.MemoireRequeteMiddleware",  # lectures seulement : voir « Échelle »
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "binome.core.middleware.ConnexionObligatoireMiddleware",
    # Confiance : taille des requêtes, double authentification, journal des accès ; axes en dernier.
    "binome.confiance.middleware.LimiteTailleRequeteMiddleware",
    "binome.confiance.middleware.DoubleFacteurMiddleware",
    "binome.confiance.middleware.JournalAccesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "binome.urls"
WSGI_APPLICATION = "binome.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "binome.portail.context_processors.binome",
            ],
        },
    },
]

# --- Base de données -------------------------------------------------------------
# SQLite embarqué par défaut (aucune installation) ; PostgreSQL ≥ 15 en production
# via DATABASE_URL=postgres://utilisateur:motdepasse@hote:5432/binome
DATABASES = {
    "default": dj_database_url.parse(
        env.chaine("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.entier("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Journal des accès dans une base à part (facultatif ; voir binome/confiance/routeur.py).
if env.chaine("JOURNAL_DATABASE_URL"):
    DATABASES["journal"] = dj_database_url.parse(env.chaine("JOURNAL_DATABASE_URL"), conn_health_checks=True)
# SQLite en accès concurrent (plusieurs clients, chaque lecture de dossier écrit le journal) : journal WAL (les
# lecteurs ne bloquent pas l'écrivain), transactions IMMEDIATE (l'écrivain prend le verrou au BEGIN et attend
# son tour au lieu d'échouer « database is locked » en voulant passer de lecteur à écrivain), attente de 20 s.
for _base in DATABASES.values():
    if _base["ENGINE"] == "django.db.backends.sqlite3":
        _base["CONN_MAX_AGE"] = 0  # connexions persistantes inutiles en SQLite
        _base.setdefault("OPTIONS", {}).update(
            timeout=20,
            transaction_mode="IMMEDIATE",
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Échelle (issue 17) : session, réplica en lecture, réserve de connexions (docs/exploitation.md) ---------------
# Session : réécrite pour la prolonger au plus une fois par intervalle (un dixième du délai par défaut) ; inactivité
# tolérée entre délai − intervalle et délai, jamais plus (binome/core/session.py).
SESSION_PROLONGATION_SECONDES = env.entier("SESSION_PROLONGATION_SECONDES", SESSION_COOKIE_AGE // 10)
# Réplica PostgreSQL en flux (facultatif) : seules les lectures faites sous binome.core.routeur.lecture_sur_replica()
# (pilotage, exports) y vont ; écritures, et lectures qui suivent une écriture, restent sur « default ». Pendant les
# tests, l'alias est un miroir de « default » (aucune base de test à créer sur un réplica en lecture seule).
if env.chaine("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env.chaine("DATABASE_REPLICA_URL"), conn_max_age=env.entier("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Routeurs composés : le journal d'abord (ses tables, où qu'on les lise), puis le réplica (le reste des lectures).
DATABASE_ROUTERS = [
    routeur
    for routeur, actif in (
        ("binome.confiance.routeur.RouteurJournal", "journal" in DATABASES),
        ("binome.core.routeur.RouteurReplica", "replica" in DATABASES),
    )
    if actif
]
# Réserve de connexions psycopg 3 (Django 5.2, OPTIONS["pool"]) : DB_RESERVE_TAILLE connexions au plus par
# processus et par base PostgreSQL ; 0 (défaut) : une connexion persistante par processus (DB_CONN_MAX_AGE). La
# réserve exige CONN_MAX_AGE = 0 (elle garde elle-même les connexions). PgBouncer : docs/exploitation.md.
DB_RESERVE_TAILLE = env.entier("DB_RESERVE_TAILLE", 0)
if DB_RESERVE_TAILLE > 0:
    for _base in DATABASES.values():
        if _base["ENGINE"] == "django.db.backends.postgresql":
            _base["CONN_MAX_AGE"] = 0
            _base.setdefault("OPTIONS", {})["pool"] = {
                "min_size": min(env.entier("DB_RESERVE_MIN", 1), DB_RESERVE_TAILLE),
                "max_size": DB_RESERVE_TAILLE,
                "timeout": env.entier("DB_RESERVE_ATTENTE_SECONDES", 10),
            }
# Compilation JIT de PostgreSQL coupée par défaut : sur les petites requêtes des pages (comptes de l'en-tête, listes),
# elle coûtait plus qu'elle ne rapportait (mesuré : 167 → 39 ms sur le compte de la vue d'équipe à 5 000 parcours).
# PG_JIT=1 la rend au serveur (utile seulement pour de grosses requêtes analytiques, que les agrégats évitent).
if not env.booleen("PG_JIT", False):
    for _base in DATABASES.values():
        if _base["ENGINE"] == "django.db.backends.postgresql":
            _options = _base.setdefault("OPTIONS", {})
            _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

# --- Comptes -----------------------------------------------------------------------
AUTH_USER_MODEL = "comptes.Utilisateur"
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "core:accueil"
LOGOUT_REDIRECT_URL = "comptes:connexion"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "prenom", "nom"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # lien d'invitation / de réinitialisation : 3 jours

# --- Confiance : limitation des essais de connexion (django-axes) ----------------------------------
AUTHENTICATION_BACKENDS = [
    "binome.confiance.authentification.AxesAvecRequete",
    "django.contrib.auth.backends.ModelBackend",
    # ProConnect (issue 16) : ne répond qu'au retour de ProConnect, et seulement s'il est configuré.
    "binome.identite.proconnect.BackendProConnect",
]
AXES_FAILURE_LIMIT = env.entier("AXES_ESSAIS_MAX", 5)
AXES_COOLOFF_TIME = env.entier("AXES_VERROUILLAGE_MINUTES", 15) / 60  # en heures
# Verrouillage par compte (5 échecs) et par adresse IP (5 échecs : attaque sur plusieurs comptes).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "binome.confiance.authentification.ip_client"
AXES_USERNAME_CALLABLE = "binome.confiance.authentification.identifiant_connexion"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "confiance/verrouillage.html"
AXES_DISABLE_ACCESS_LOG = True
# Paramètres masqués dans les tentatives enregistrées : « next » peut porter une recherche de personne (?q=nom).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "next"]
AXES_VERBOSE = False

# --- Confiance : double authentification (django-otp, TOTP) -----------------------------------------
# Obligatoire pour les administrateurs (départementaux et de la plateforme), possible pour tous.
BINOME_DOUBLE_FACTEUR_OBLIGATOIRE = env.booleen("DOUBLE_FACTEUR_OBLIGATOIRE", defaut=True)

# --- Identité (issue 16) : ProConnect (professionnels) et FranceConnect (personnes), voir docs/exploitation.md -----
# Un fournisseur n'est proposé que si son émetteur, son identifiant et son secret de client sont tous fixés ; les
# points d'accès viennent de la découverte (<issuer>/.well-known/openid-configuration).
PROCONNECT_ISSUER = env.chaine("PROCONNECT_ISSUER", "")
PROCONNECT_CLIENT_ID = env.chaine("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = env.chaine("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_SCOPES = env.chaine("PROCONNECT_SCOPES", "")
# Connexion par mot de passe désactivable par département (ParametresDepartement.connexion_mot_de_passe) ; toujours
# permise en développement, pour les comptes de démonstration.
BINOME_MOT_DE_PASSE_TOUJOURS_PERMIS = env.booleen("MOT_DE_PASSE_TOUJOURS_PERMIS", defaut=DEBUG)
FRANCECONNECT_ISSUER = env.chaine("FRANCECONNECT_ISSUER", "")
FRANCECONNECT_CLIENT_ID = env.chaine("FRANCECONNECT_CLIENT_ID", "")
FRANCECONNECT_CLIENT_SECRET = env.chaine("FRANCECONNECT_CLIENT_SECRET", "")
FRANCECONNECT_SCOPES = env.chaine("FRANCECONNECT_SCOPES", "")
OTP_TOTP_ISSUER = "Binôme"

# --- API : limitation du débit par jeton (binome.api.limitation ; 0 la désactive) ----------------------------
API_LIMITE_REQUETES_PAR_MINUTE = env.entier("API_LIMITE_REQUETES_PAR_MINUTE", 120)

# --- Confiance : conservation, journal, taille des requêtes ------------------------------------------
# Durée de conservation après le dernier contact, pour un département sans paramètres propres.
BINOME_CONSERVATION_MOIS = env.entier("CONSERVATION_MOIS", 24)
BINOME_CONSERVATION_JOURNAL_JOURS = env.entier("CONSERVATION_JOURNAL_JOURS", 365)
# Corps de requête au-delà duquel la requête est refusée (413) avant lecture ; champs hors fichiers.
BINOME_TAILLE_MAX_REQUETE = env.entier("TAILLE_MAX_REQUETE_MO", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Courriel ------------------------------------------------------------------------
# SMTP dès que EMAIL_HOST est fixé (développement compris) ; la console seulement en DEBUG sans EMAIL_HOST ;
# en production, EMAIL_HOST absent empêche le démarrage ; un EMAIL_BACKEND explicite l'emporte (binome.env).
_COURRIEL = env.reglages_courriel(debug=DEBUG, essais=env.secrets_de_developpement_autorises())
EMAIL_BACKEND = _COURRIEL["EMAIL_BACKEND"]
EMAIL_HOST = _COURRIEL["EMAIL_HOST"]
EMAIL_PORT = _COURRIEL["EMAIL_PORT"]
EMAIL_HOST_USER = _COURRIEL["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _COURRIEL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _COURRIEL["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _COURRIEL["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _COURRIEL["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = env.chaine("DEFAULT_FROM_EMAIL", "Binôme <ne-pas-repondre@binome.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS à la personne (rendez-vous) : classe d'envoi enfichable ; la console (journal) tant qu'aucun fournisseur
# n'est branché (docs/exploitation.md, « SMS »).
SMS_BACKEND = env.chaine("SMS_BACKEND", "binome.core.sms.Console")

# --- Langue et fuseau -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Fichiers statiques (servis localement, aucun CDN) -----------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env.chaine("STATIC_ROOT", "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Fichiers produits (exports d'échanges, ``FichierExport``) : écrits par le travailleur, lus par n'importe quel
# serveur web ; à plusieurs machines, MEDIA_ROOT est un dossier partagé (NFS) monté au même chemin partout
# (docs/exploitation.md, « Topologie de production »). Sans réglage : le dossier de l'application, comme avant.
MEDIA_ROOT = env.chaine("MEDIA_ROOT", str(BASE_DIR))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.booleen("STATIC_MANIFESTE", defaut=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Cache : Redis partagé par tous les serveurs dès que CACHE_URL (ou REDIS_URL) est fixée ; sinon en mémoire
# de chaque processus (binome.env.reglages_cache, docs/exploitation.md « Topologie de production »).
CACHES = env.reglages_cache(
    env.chaine("CACHE_URL") or env.chaine("REDIS_URL"), prefixe=env.chaine("CACHE_PREFIXE", "binome")
)

# --- Tâches de fond (django-tasks + django-tasks-db) ------------------------------------------
TASKS = {"default": {"BACKEND": env.chaine("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

_ORIGINES_FOURNISSEURS_IDENTITE = sorted(
    {
        f"{_adresse.scheme}://{_adresse.netloc}"
        for _adresse in (urlsplit(PROCONNECT_ISSUER), urlsplit(FRANCECONNECT_ISSUER))
        if _adresse.scheme in ("http", "https") and _adresse.netloc
    }
)

# --- Content-Security-Policy : aucun script en ligne, tout est servi par l'application -------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Un formulaire peut mener au fournisseur d'identité : bouton ProConnect (redirection vers l'autorisation),
        # déconnexion (redirection vers sa fin de session) ; Chromium applique form-action aux redirections.
        "form-action": [SELF, *_ORIGINES_FOURNISSEURS_IDENTITE],
        "frame-ancestors": [NONE],
    }
}

# --- DSFR -------------------------------------------------------------------------------
DSFR_USE_INTEGRITY_CHECKSUMS = True

# --- Journalisation applicative : jamais de données personnelles ----------------------------
# Le filtre masque adresses, téléphones, chaînes de requête (la recherche de personnes met des noms en GET) et
# valeurs saisies : sur la console (tout ce qui s'écrit) et sur les journaux qui portent une requête ou une tâche,
# pour que l'enregistrement soit masqué avant tout gestionnaire. Journal d'accès du serveur de développement
# (django.server) : chemin sans paramètres ; gunicorn et nginx : dossier deploiement/ (docs/exploitation.md).
_MASQUE = {"filters": ["donnees_personnelles"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "simple": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        "serveur": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "filters": {"donnees_personnelles": {"()": "binome.core.journalisation.FiltreDonneesPersonnelles"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "simple", **_MASQUE},
        "serveur": {"class": "logging.StreamHandler", "formatter": "serveur", **_MASQUE},
    },
    "root": {"handlers": ["console"], "level": env.chaine("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["serveur"], "level": "INFO", "propagate": False, **_MASQUE},
        **{
            nom: _MASQUE
            for nom in (
                "django.request",
                "django.security.csrf",
                "django.security.DisallowedHost",
                "django.template",
                "django_tasks",
                "django_tasks_db",
            )
        },
    },
}

# --- Réglages métier par défaut (surchargés par département, voir ParametresDepartement) -----
BINOME_NOM_PRODUIT = "Binôme"

# --- Adresse publique et mentions légales (comptes et organisations, pages légales) -------------
# Adresse du site dans les courriels (invitations) envoyés hors requête.
BINOME_URL_SITE = env.chaine("BINOME_URL_SITE", "http://127.0.0.1:8000")
# Éditeurs : le conseil départemental et France Travail signataires de la convention d'accompagnement global.
BINOME_EDITEUR_DEPARTEMENT = env.chaine(
    "BINOME_EDITEUR_DEPARTEMENT", "Conseil départemental signataire de la convention"
)
BINOME_EDITEUR_DEPARTEMENT_ADRESSE = env.chaine("BINOME_EDITEUR_DEPARTEMENT_ADRESSE", "")
BINOME_EDITEUR_FRANCE_TRAVAIL = env.chaine(
    "BINOME_EDITEUR_FRANCE_TRAVAIL", "France Travail, direction territoriale signataire de la convention"
)
BINOME_EDITEUR_DIRECTION_PUBLICATION = env.chaine(
    "BINOME_EDITEUR_DIRECTION_PUBLICATION",
    "Le président du conseil départemental et le directeur territorial de France Travail",
)
BINOME_EDITEUR_CONTACT = env.chaine("BINOME_EDITEUR_CONTACT", "")
BINOME_EDITEUR_DPO = env.chaine("BINOME_EDITEUR_DPO", "")
BINOME_HEBERGEUR = env.chaine("BINOME_HEBERGEUR", "")
BINOME_HEBERGEUR_ADRESSE = env.chaine("BINOME_HEBERGEUR_ADRESSE", "")
BINOME_ACCESSIBILITE_DATE = env.chaine("BINOME_ACCESSIBILITE_DATE", "25 novembre 2026")
BINOME_CODE_SOURCE = env.chaine("BINOME_CODE_SOURCE", "")
