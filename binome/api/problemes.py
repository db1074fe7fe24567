"""Erreurs de l'API au format « problem details » (RFC 9457), en français.

Toute erreur de l'API — validation, droits, introuvable, conflit de version, trop de requêtes — sort en
``application/problem+json`` avec ``type``, ``title``, ``status`` et ``detail`` ; les erreurs de validation
ajoutent ``erreurs`` (champ → messages) ; un refus de la machine à états ou d'une règle métier ajoute ``code``
(stable : ``transition_interdite``, ``deja_renouvele``, ``doublon_probable``…). Les routes lèvent ``Probleme`` ;
``api.py`` branche les gestionnaires des autres exceptions (``Http404``, ``PermissionDenied``,
``ValidationError``…) sur ``reponse_probleme``.
"""

import json

from django.http import HttpResponse

TYPE_PROBLEME = "application/problem+json"


class Probleme(Exception):
    """Une erreur à renvoyer telle quelle : statut HTTP, titre court, détail, en-têtes (``Retry-After``…)."""

    def __init__(
        self,
        statut: int,
        titre: str,
        detail: str = "",
        *,
        type_: str = "about:blank",
        erreurs: dict | None = None,
        entetes: dict | None = None,
        code: str = "",
        extensions: dict | None = None,
    ):
        super().__init__(detail or titre)
        self.statut = statut
        self.titre = titre
        self.detail = detail
        self.type_ = type_
        self.erreurs = erreurs
        self.entetes = entetes or {}
        self.code = code
        self.extensions = extensions or {}


def corps_probleme(
    statut: int,
    titre: str,
    detail: str = "",
    *,
    type_="about:blank",
    erreurs=None,
    instance="",
    code="",
    extensions=None,
):
    corps = {"type": type_, "title": str(titre), "status": statut, "detail": str(detail or titre)}
    if instance:
        corps["instance"] = instance
    if code:
        corps["code"] = code
    corps.update(extensions or {})
    if erreurs:
        corps["erreurs"] = {champ: [str(m) for m in messages] for champ, messages in erreurs.items()}
    return corps


def reponse_probleme(request, probleme: Probleme) -> HttpResponse:
    corps = corps_probleme(
        probleme.statut,
        probleme.titre,
        probleme.detail,
        type_=probleme.type_,
        erreurs=probleme.erreurs,
        instance=request.path if request is not None else "",
        code=probleme.code,
        extensions=probleme.extensions,
    )
    reponse = HttpResponse(json.dumps(corps, ensure_ascii=False), status=probleme.statut, content_type=TYPE_PROBLEME)
    for nom, valeur in probleme.entetes.items():
        reponse[nom] = valeur
    return reponse
