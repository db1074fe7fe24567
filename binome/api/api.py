"""API REST de Binôme (django-ninja), documentée en OpenAPI sur ``/api/v1/docs`` et ``/api/v1/openapi.json``.

Authentification : jeton d'API (``Authorization: Bearer``) ou session d'un professionnel connecté
(``binome.api.auth``) ; le préfixe ``/api/`` est public dans ``ConnexionObligatoireMiddleware`` : l'API
s'authentifie seule. Les routes s'appuient sur les mêmes sélecteurs et services que les vues HTML. Toutes les
erreurs sortent au format RFC 9457 (``binome.api.problemes``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as ErreurValidationNinja

from binome.api.auth import AUTHENTIFICATIONS
from binome.api.problemes import Probleme, reponse_probleme

api = NinjaAPI(
    title="API Binôme",
    version="1",
    description=(
        "API REST de Binôme : personnes, parcours et leur accompagnement, annuaire des ressources sociales "
        "(format compatible data·inclusion v1). Authentification par jeton : `Authorization: Bearer <jeton>`."
    ),
    auth=AUTHENTIFICATIONS,
    urls_namespace="v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(Probleme)
def probleme(request, exc):
    return reponse_probleme(request, exc)


@api.exception_handler(Http404)
def introuvable(request, exc):
    return reponse_probleme(
        request, Probleme(404, "Introuvable", "Cette ressource n'existe pas ou ne vous est pas ouverte.")
    )


@api.exception_handler(AuthenticationError)
def non_authentifie(request, exc):
    return reponse_probleme(
        request,
        Probleme(
            401,
            "Authentification requise",
            "Envoyez un jeton d'API valide dans l'en-tête « Authorization: Bearer <jeton> ».",
            entetes={"WWW-Authenticate": 'Bearer realm="binome"'},
        ),
    )


@api.exception_handler(PermissionDenied)
def refuse(request, exc):
    return reponse_probleme(request, Probleme(403, "Accès refusé", str(exc) or "Action non permise."))


@api.exception_handler(HttpError)
def erreur_http(request, exc):
    return reponse_probleme(request, Probleme(exc.status_code, str(exc.message), str(exc.message)))


@api.exception_handler(ValidationError)
def invalide(request, exc):
    erreurs = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = " ".join(m for messages in erreurs.values() for m in messages)
    return reponse_probleme(request, Probleme(422, "Données invalides", detail, erreurs=erreurs))


@api.exception_handler(ErreurValidationNinja)
def parametres_invalides(request, exc):
    erreurs = {}
    for erreur in exc.errors:
        champ = ".".join(str(p) for p in erreur.get("loc", ())[1:]) or "__all__"
        erreurs.setdefault(champ, []).append(erreur.get("msg", "Valeur invalide."))
    return reponse_probleme(
        request,
        Probleme(422, "Paramètres invalides", "La requête ne respecte pas le schéma de l'API.", erreurs=erreurs),
    )


api.add_router("/services", "binome.api.ressources.routeur")
api.add_router("", "binome.api.accompagnement.routeur")
api.add_router("", "binome.api.contacts.routeur")
api.add_router("", "binome.api.agenda.routeur")
api.add_router("", "binome.api.collectif.routeur")
