"""En-tête ``Idempotency-Key`` sur les créations : la même clé rejouée renvoie la même réponse, sans rien recréer.

Usage, sous le décorateur de route de chaque création (POST qui crée) ::

    @routeur.post("/personnes", response={201: PersonneSortie, ...})
    @idempotent
    def personne_creer(request, donnees: PersonneEntree): ...

Règles (clé mémorisée par jeton d'API, ou par compte pour une session ; ``binome.api.models.CleIdempotence``) :

- sans en-tête, la route s'exécute normalement ;
- première requête avec une clé : la clé est réservée, la route s'exécute ; une réponse réussie (2xx) est
  mémorisée (statut, corps, ``Content-Type``, ``Location``, ``ETag``) ; un refus ou une erreur libère la clé (rien
  n'a été créé : le client corrige et réessaie avec la même clé) ;
- même clé, même requête (méthode, chemin et corps identiques) : la réponse mémorisée est rejouée, avec
  ``Idempotent-Replayed: true``, et la route ne s'exécute pas ;
- même clé, autre requête : 422 ; même clé alors que la première requête est encore en cours : 409 ;
- une clé est oubliée 24 h après sa réception (tâche planifiée ``purger_cles_idempotence``).

Le décorateur ajoute lui-même l'en-tête (``PARAMETRE_OPENAPI``) et les réponses 409 et 422 au document OpenAPI de
la route ; une route qui décrit ses paramètres à la main peut reprendre ``PARAMETRE_OPENAPI``.
"""

import functools
import hashlib
import re

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from binome.api import services
from binome.api.problemes import TYPE_PROBLEME, Probleme

ENTETE = "Idempotency-Key"
ENTETE_REJOUEE = "Idempotent-Replayed"
LONGUEUR_MAX = 255
# Caractères ASCII visibles (un UUID, un identifiant du logiciel client…), sans espace ni caractère de contrôle.
_FORME_CLE = re.compile(r"^[\x21-\x7e]{1,255}$")
# En-têtes de la réponse rejoués avec elle.
ENTETES_MEMORISES = ("Content-Type", "Location", "ETag", "Last-Modified")

PARAMETRE_OPENAPI = {
    "name": ENTETE,
    "in": "header",
    "required": False,
    "description": (
        "Clé choisie par le client (par exemple un UUID) pour rejouer une création sans la dupliquer : la même clé "
        "avec la même requête renvoie la réponse déjà faite (en-tête Idempotent-Replayed: true), pendant 24 h. "
        "La même clé avec une autre requête : 422 ; pendant que la première requête est en cours : 409."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": LONGUEUR_MAX, "pattern": r"^[\x21-\x7e]+$"},
    "example": "5f0c6a52-8a43-4c55-9d38-1c2d0f1e7a90",
}

SCHEMA_PROBLEME = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "erreurs": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}


def reponse_openapi(description: str, statut: int, titre: str, detail: str, **autres) -> dict:
    """Une réponse « problem details » pour ``openapi_extra["responses"]`` (avec son exemple)."""
    exemple = {"type": "about:blank", "title": titre, "status": statut, "detail": detail}
    contenu = {TYPE_PROBLEME: {"schema": SCHEMA_PROBLEME, "example": exemple}}
    return {"description": description, "content": contenu, **autres}


REPONSES_OPENAPI = {
    400: reponse_openapi(
        "Clé d'idempotence mal formée.", 400, "Clé d'idempotence invalide", "La clé doit faire 1 à 255 caractères."
    ),
    409: reponse_openapi(
        "Une requête avec la même clé d'idempotence est encore en cours.",
        409,
        "Requête en cours",
        "Une requête avec cette clé d'idempotence est en cours de traitement : réessayez dans un instant.",
    ),
    422: reponse_openapi(
        "La clé d'idempotence a déjà servi pour une autre requête (ou données invalides).",
        422,
        "Clé d'idempotence déjà utilisée",
        "Cette clé d'idempotence a déjà servi pour une autre requête : choisissez une nouvelle clé.",
    ),
}


def _portee(request) -> str:
    jeton = getattr(request, "jeton_api", None)
    if jeton is not None:
        return f"jeton:{jeton.pk}"
    return f"compte:{request.auth.pk}"


def _empreinte(request) -> str:
    condensat = hashlib.sha256()
    for partie in (request.method.encode(), request.get_full_path().encode(), request.body):
        condensat.update(len(partie).to_bytes(8, "big"))
        condensat.update(partie)
    return condensat.hexdigest()


def _rejouer(cle) -> HttpResponse:
    reponse = HttpResponse(bytes(cle.corps), status=cle.statut)
    for nom, valeur in cle.entetes.items():
        reponse[nom] = valeur
    reponse[ENTETE_REJOUEE] = "true"
    return reponse


def _lire_cle(request) -> str | None:
    cle = request.headers.get(ENTETE)
    if cle is None:
        return None
    if not _FORME_CLE.match(cle):
        raise Probleme(
            400,
            _("Clé d'idempotence invalide"),
            _("L'en-tête Idempotency-Key doit faire 1 à 255 caractères ASCII visibles (par exemple un UUID)."),
        )
    return cle


def _reserver_ou_rejouer(request, cle: str):
    """La clé réservée pour cette requête, ou la réponse à rejouer ; lève 422 ou 409."""
    empreinte = _empreinte(request)
    reservee, neuve = services.cle_idempotence_reserver(
        portee=_portee(request), cle=cle, empreinte=empreinte, utilisateur=request.auth
    )
    if neuve:
        return reservee, None
    if reservee.empreinte != empreinte:
        raise Probleme(
            422,
            _("Clé d'idempotence déjà utilisée"),
            _("Cette clé d'idempotence a déjà servi pour une autre requête : choisissez une nouvelle clé."),
        )
    if reservee.statut is None:
        raise Probleme(
            409,
            _("Requête en cours"),
            _("Une requête avec cette clé d'idempotence est en cours de traitement : réessayez dans un instant."),
            entetes={"Retry-After": "1"},
        )
    return None, _rejouer(reservee)


def _memoriser_apres(run):
    """Autour de l'exécution complète de la route (authentification, vue, sérialisation) : mémorise la réponse
    réussie sous la clé réservée par la vue, ou libère la clé."""

    @functools.wraps(run)
    def enveloppe_run(request, *args, **kwargs):
        reponse = None
        try:
            reponse = run(request, *args, **kwargs)
        finally:
            cle = getattr(request, "_cle_idempotence", None)
            if cle is not None:
                request._cle_idempotence = None
                reussie = reponse is not None and 200 <= reponse.status_code < 300
                if reussie and not getattr(reponse, "streaming", False):
                    services.cle_idempotence_memoriser(
                        cle=cle,
                        statut=reponse.status_code,
                        corps=reponse.content,
                        entetes={nom: reponse[nom] for nom in ENTETES_MEMORISES if reponse.has_header(nom)},
                    )
                else:
                    services.cle_idempotence_liberer(cle=cle)
        return reponse

    return enveloppe_run


def _documenter(operation) -> None:
    """Ajoute l'en-tête et les réponses de l'idempotence au document OpenAPI de l'opération."""
    extra = dict(operation.openapi_extra or {})
    parametres = list(extra.get("parameters", []))
    if not any(p.get("name") == ENTETE for p in parametres):
        parametres.append(PARAMETRE_OPENAPI)
    extra["parameters"] = parametres
    reponses = dict(extra.get("responses", {}))
    for statut, description in REPONSES_OPENAPI.items():
        if statut not in operation.response_models and statut not in reponses and str(statut) not in reponses:
            reponses[statut] = description
    extra["responses"] = reponses
    operation.openapi_extra = extra


def idempotent(vue):
    if hasattr(vue, "_ninja_operation"):
        raise ImproperlyConfigured("@idempotent se place sous le décorateur de route (@routeur.post…).")

    @functools.wraps(vue)
    def enveloppe(request, *args, **kwargs):
        cle = _lire_cle(request)
        if cle is None:
            return vue(request, *args, **kwargs)
        reservee, reponse = _reserver_ou_rejouer(request, cle)
        if reponse is not None:
            return reponse
        request._cle_idempotence = reservee
        return vue(request, *args, **kwargs)

    contribute_operation_callback(enveloppe, _documenter)
    return decorate_view(_memoriser_apres)(enveloppe)
