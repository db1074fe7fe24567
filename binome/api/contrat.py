"""Ce que chaque opération de l'API promet : ses réponses d'erreur documentées, ses exemples, et les briques
communes aux routes du contenu de l'accompagnement (journal, verrou optimiste, conflit de version).

``reponses(…)`` se passe en ``openapi_extra`` d'une route : chaque code d'erreur y est décrit en
``application/problem+json`` (RFC 9457, schéma et exemple), le succès reçoit son exemple. Le test
``tests/api/test_openapi.py`` vérifie que toute opération du document déclare ses erreurs et un exemple.
"""

import contextlib

from django.core.exceptions import ValidationError

from binome.api.problemes import TYPE_PROBLEME, Probleme
from binome.confiance.journal import journaliser

SCHEMA_PROBLEME = {
    "type": "object",
    "title": "Probleme",
    "description": "Erreur au format « problem details » (RFC 9457), en français.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {
            "type": "string",
            "description": (
                "Code stable d'un refus métier : garde de la machine à états (transition_interdite, "
                "deja_renouvele, coordination_manquante…), modifie_entre_temps (412), doublon_probable…"
            ),
        },
        "doublons": {
            "type": "array",
            "description": "Doublons probables (409 à la création d'une personne) ; id null hors de votre périmètre.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": ["integer", "null"]},
                    "meme_identifiant_ft": {"type": "boolean"},
                    "meme_nom_et_naissance": {"type": "boolean"},
                },
            },
        },
        "erreurs": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}

# Code → (description, titre de l'exemple, détail de l'exemple).
ERREURS = {
    400: ("Requête mal formée (corps illisible, curseur ou date invalide).", "Requête invalide", "Corps illisible."),
    401: ("Jeton absent, invalide, expiré ou révoqué.", "Authentification requise", "Envoyez un jeton d'API."),
    403: ("Action non permise à ce compte (rôle, jeton en lecture seule).", "Accès refusé", "Action non permise."),
    404: (
        "Ressource inexistante ou hors du périmètre du compte.",
        "Introuvable",
        "Cette ressource n'existe pas ou ne vous est pas ouverte.",
    ),
    409: ("Conflit avec l'état de la ressource.", "Conflit", "Cette clé d'idempotence sert déjà."),
    412: (
        "La version envoyée dans If-Match n'est plus la version courante : rien n'a été écrit.",
        "Version dépassée",
        "Cette action a été modifiée entre-temps : relisez-la.",
    ),
    422: (
        "Données ou paramètres invalides.",
        "Données invalides",
        "Indiquez la date du contact.",
    ),
    428: ("L'en-tête If-Match est exigé.", "Version requise", "Envoyez l'en-tête If-Match avec l'ETag lu."),
    429: ("Trop de requêtes pour ce jeton : réessayez après Retry-After.", "Trop de requêtes", "Réessayez."),
}

# Toute opération authentifiée peut répondre 401 (jeton), 403 (rôle, lecture seule) et 429 (limitation).
COMMUNES = (401, 403, 429)
LECTURE = (401, 403, 404, 422, 429)
LISTE = (400, 401, 403, 404, 422, 429)
CREATION = (400, 401, 403, 404, 409, 422, 429)
MODIFICATION = (400, 401, 403, 404, 412, 422, 428, 429)
ACTION = (400, 401, 403, 404, 409, 422, 429)

PARAMETRE_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "ETag lu (révision de l'élément) : exigé (428 sans), 412 s'il n'est plus à jour.",
    "schema": {"type": "string"},
    "example": '"3"',
}


def reponses(codes, *, exemple=None, succes: int = 200) -> dict:
    """``openapi_extra`` d'une opération : chaque erreur de ``codes`` (et de ``COMMUNES``) en problem details, et
    l'exemple du succès."""
    codes = sorted({*COMMUNES, *codes})
    documentees = {}
    for code in codes:
        description, titre, detail = ERREURS[code]
        documentees[code] = {
            "description": description,
            "content": {
                TYPE_PROBLEME: {
                    "schema": SCHEMA_PROBLEME,
                    "example": {"type": "about:blank", "title": titre, "status": code, "detail": detail},
                }
            },
        }
    if exemple is not None:
        documentees[succes] = {"content": {"application/json": {"example": exemple}}}
    extra = {"responses": documentees}
    if 428 in codes:
        extra["parameters"] = [PARAMETRE_IF_MATCH]
    return extra


def journal_api(request, *, action: str, finalite: str, objet=None, personne=None) -> None:
    """Une ligne du journal des accès pour une lecture ou une écriture de données personnelles par l'API."""
    journaliser(action=action, finalite=finalite, request=request, objet=objet, personne=personne)


@contextlib.contextmanager
def conflit_en_412():
    """Le verrou optimiste des services (``code="modifie_entre_temps"``) devient un 412 : rien n'a été écrit."""
    try:
        yield
    except ValidationError as erreur:
        if getattr(erreur, "code", None) == "modifie_entre_temps":
            raise Probleme(412, "Version dépassée", " ".join(erreur.messages)) from erreur
        raise


def revision_exigee(request) -> int:
    """La révision envoyée dans ``If-Match`` (``"3"``) ; 428 sans l'en-tête, 412 si ce n'est pas une révision."""
    valeur = request.headers.get("If-Match", "").strip()
    if not valeur:
        raise Probleme(
            428,
            "Version requise",
            "Envoyez l'en-tête If-Match avec l'ETag lu : la modification ne doit pas écraser celle d'un autre.",
        )
    valeur = valeur.removeprefix("W/").strip('"')
    if not valeur.isdigit() or len(valeur) > 9:
        raise Probleme(412, "Version dépassée", "Cet ETag ne correspond à aucune version : relisez la ressource.")
    return int(valeur)


def etag_revision(objet) -> str:
    return f'"{objet.revision}"'
