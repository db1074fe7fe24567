"""API REST de Binôme (django-ninja), documentée en OpenAPI sur ``/api/v1/docs`` et ``/api/v1/openapi.json``.

Authentification par la session Django d'un professionnel connecté ; un anonyme reçoit 401 en JSON
(le préfixe ``/api/`` est public dans ``ConnexionObligatoireMiddleware`` : l'API s'authentifie seule).
Les routes s'appuient sur les mêmes sélecteurs que les vues HTML.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import SessionAuth

from binome.ressources import selectors as selecteurs_ressources


class SessionProfessionnel(SessionAuth):
    """Session Django d'un professionnel (au moins une habilitation active, ou super-administrateur)."""

    def authenticate(self, request, key):
        utilisateur = super().authenticate(request, key)
        if utilisateur is None:
            return None
        if not selecteurs_ressources.est_professionnel(utilisateur):
            raise HttpError(403, "Aucune habilitation active : accès refusé.")
        return utilisateur


api = NinjaAPI(
    title="API Binôme",
    version="1",
    description="API REST de Binôme : annuaire des ressources sociales (format compatible data·inclusion v1).",
    auth=SessionProfessionnel(),
    urls_namespace="v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(Http404)
def introuvable(request, exc):
    return api.create_response(request, {"detail": "Introuvable."}, status=404)


api.add_router("/services", "binome.api.ressources.routeur")
