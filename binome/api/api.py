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

from binome.accompagnement import machine
from binome.api.auth import AUTHENTIFICATIONS
from binome.api.problemes import Probleme, reponse_probleme

# Refus métiers qui tiennent à l'état du dossier (409), et non à la saisie (422) : gardes de la machine à états,
# et règles des services qui dépendent de ce qui existe déjà.
CODES_CONFLIT = frozenset(
    {"transition_interdite"}
    | {garde.code for t in machine.TRANSITIONS.values() for garde in t.gardes}
    | {
        "doublon_probable",
        "identifiant_ft_existant",
        "parcours_en_cours",
        "orientation_traitee",
        "accord_deja_donne",
        "diagnostic_manquant",
        "adhesion_manquante",
    }
)
CODE_VERSION = "modifie_entre_temps"

# Les réponses d'erreur de chaque opération sont documentées par ``binome.api.contrat.reponses``.
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


def _codes(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [e.code for erreurs in exc.error_dict.values() for e in erreurs if e.code]
    return [e.code for e in exc.error_list if e.code]


@api.exception_handler(ValidationError)
def invalide(request, exc):
    """Erreur d'un service : 412 (version dépassée), 409 (refus tenant à l'état du dossier, avec ``code``), 422."""
    erreurs = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = " ".join(m for messages in erreurs.values() for m in messages)
    codes = _codes(exc)
    if CODE_VERSION in codes:
        return reponse_probleme(request, Probleme(412, "Version dépassée", detail, code=CODE_VERSION))
    conflit = next((c for c in codes if c in CODES_CONFLIT), "")
    if conflit:
        titre = "Action impossible dans l'état du dossier"
        return reponse_probleme(request, Probleme(409, titre, detail, code=conflit, erreurs=erreurs))
    return reponse_probleme(
        request, Probleme(422, "Données invalides", detail, erreurs=erreurs, code=codes[0] if codes else "")
    )


@api.exception_handler(ErreurValidationNinja)
def parametres_invalides(request, exc):
    erreurs = {}
    for erreur in exc.errors:
        loc = tuple(erreur.get("loc", ()))
        # (« body », nom du paramètre, champ…) → « champ » ; (« query », champ) → « champ ».
        champ = ".".join(str(p) for p in loc[2 if loc[:1] == ("body",) else 1 :]) or "__all__"
        erreurs.setdefault(champ, []).append(erreur.get("msg", "Valeur invalide."))
    return reponse_probleme(
        request,
        Probleme(422, "Paramètres invalides", "La requête ne respecte pas le schéma de l'API.", erreurs=erreurs),
    )


api.add_router("/services", "binome.api.ressources.routeur")
api.add_router("/personnes", "binome.api.personnes.routeur")
api.add_router("/parcours", "binome.api.parcours.routeur")
api.add_router("/parcours", "binome.api.transitions.routeur")
api.add_router("/orientations", "binome.api.parcours.routeur_orientations")
api.add_router("/sorties", "binome.api.parcours.routeur_sorties")
api.add_router("", "binome.api.accompagnement.routeur")
api.add_router("", "binome.api.contacts.routeur")
api.add_router("", "binome.api.agenda.routeur")
api.add_router("", "binome.api.collectif.routeur")
