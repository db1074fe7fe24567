"""Limitation du débit de l'API par jeton : ``API_LIMITE_REQUETES_PAR_MINUTE`` requêtes par fenêtre d'une minute.

Au-delà, ``429 Trop de requêtes`` (problem details) avec ``Retry-After`` : les secondes jusqu'à la fenêtre
suivante. Le compte vit dans la ligne du jeton (``JetonApi.fenetre_debut``, ``requetes_fenetre``), mise à jour par
un UPDATE conditionnel atomique (``comptes.services.jeton_api_compter_requete``) : tous les processus du serveur
partagent le même compte, sans cache mémoire propre à un processus. Une limite nulle désactive la limitation.

Une session (professionnel connecté dans son navigateur, page de documentation) n'est pas limitée ici : ce sont des
gestes humains, déjà protégés par la connexion (django-axes) ; un programme utilise un jeton, donc la limite.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from binome.api.idempotence import reponse_openapi
from binome.api.problemes import Probleme
from binome.comptes import services as services_comptes

LIMITE_PAR_DEFAUT = 120

#: La réponse 429 à déclarer dans le document OpenAPI des opérations (``openapi_extra={"responses": {429: …}}``).
REPONSE_OPENAPI = reponse_openapi(
    "Trop de requêtes pour ce jeton : réessayer après le délai de l'en-tête Retry-After.",
    429,
    "Trop de requêtes",
    "Ce jeton a dépassé la limite de 120 requêtes par minute : réessayez dans 40 secondes.",
    headers={
        "Retry-After": {
            "description": "Secondes à attendre avant la fenêtre suivante.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
)


def limite_par_minute() -> int:
    return int(getattr(settings, "API_LIMITE_REQUETES_PAR_MINUTE", LIMITE_PAR_DEFAUT))


def compter(jeton) -> None:
    """Compte la requête du jeton ; lève ``Probleme(429)`` avec ``Retry-After`` si la limite est atteinte."""
    limite = limite_par_minute()
    attente = services_comptes.jeton_api_compter_requete(jeton=jeton, limite=limite)
    if attente:
        raise Probleme(
            429,
            _("Trop de requêtes"),
            _("Ce jeton a dépassé la limite de %(limite)s requêtes par minute : réessayez dans %(secondes)s secondes.")
            % {"limite": limite, "secondes": attente},
            entetes={"Retry-After": str(attente)},
        )
