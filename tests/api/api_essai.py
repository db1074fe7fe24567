"""Une petite API d'essai montée par ``urls_essai`` : des routes d'écriture pour éprouver l'authentification, la
lecture seule et ``@idempotent`` avant que les routes métier existent. Mêmes authentifications et mêmes
gestionnaires d'erreurs que l'API v1."""

from django.http import HttpResponse
from ninja import NinjaAPI, Schema, Status

from binome.api.api import api as api_v1
from binome.api.auth import AUTHENTIFICATIONS
from binome.api.idempotence import idempotent
from binome.comptes import services

essai = NinjaAPI(title="Essai", version="essai", urls_namespace="essai", auth=AUTHENTIFICATIONS, docs_url=None)
for exception, gestionnaire in api_v1._exception_handlers.items():
    essai.add_exception_handler(exception, gestionnaire)


class Entree(Schema):
    nom: str


class Sortie(Schema):
    id: int
    nom: str


@essai.post("/jetons", response={201: Sortie}, summary="Créer un jeton (essai)")
@idempotent
def creer(request, donnees: Entree):
    """Une vraie création, par un service : un second passage créerait un second jeton."""
    jeton, _clair = services.jeton_api_creer(acteur=request.auth, utilisateur=request.auth, nom=donnees.nom)
    request.essai_cree = jeton
    return Status(201, {"id": jeton.pk, "nom": jeton.nom})


@essai.post("/brut", summary="Réponse HttpResponse (essai)")
@idempotent
def brut(request):
    reponse = HttpResponse(b'{"ok": true}', status=201, content_type="application/json")
    reponse["Location"] = "/api/essai/brut/1"
    return reponse


@essai.get("/lire", summary="Lire (essai)")
def lire(request):
    return {"compte": request.auth.email}
