"""Vérifications système du socle.

``check --deploy`` signale en **erreur** un secret resté à sa valeur de développement (publique) : en
production les réglages refusent déjà de démarrer sans secret (``binome.env.secret``) ; cette vérification
couvre une installation lancée avec ``DEBUG=1`` ou avec les réglages de test.
"""

from django.conf import settings
from django.core import checks

from binome import env

SECRETS = ("SECRET_KEY", "JOURNAL_CLE")


@checks.register(checks.Tags.security, deploy=True)
def verifier_secrets(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    erreurs = []
    for nom in SECRETS:
        valeur = str(getattr(settings, nom, "") or "")
        if not valeur or valeur.startswith(env.PREFIXE_DEVELOPPEMENT):
            erreurs.append(
                checks.Error(
                    f"{nom} vaut sa valeur de développement, publique.",
                    hint=f"Fixez {nom} dans l'environnement (50 caractères aléatoires au moins).",
                    id="binome.E001",
                )
            )
    return erreurs
