"""Réglages des tests : ceux de l'application, avec des hachages rapides et des tâches immédiates."""

from binome import env

env.autoriser_secrets_de_developpement()  # secrets absents : valeurs dérivées (la production les exige)

from binome.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
HTTPS = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_PROXY_SSL_HEADER = None
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "binome.core.sms.Memoire"  # binome.core.sms.boite, vidée avant chaque test
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Double authentification : les tests connectent les administrateurs par force_login ; les tests de la
# confiance la rendent obligatoire explicitement (tests/confiance/test_double_facteur.py).
BINOME_DOUBLE_FACTEUR_OBLIGATOIRE = False
