"""Ce que la session d'un professionnel retient de sa connexion par un fournisseur OpenID Connect, et la fin de
session chez ce fournisseur (branchée sur ``comptes:deconnexion`` par ``IdentiteConfig.ready``)."""

import secrets
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from binome.identite.oidc import Fournisseur, FournisseurIndisponible

CLE_FOURNISSEUR = "binome_fournisseur_connexion"
CLE_JETON_IDENTITE = "oidc_id_token"  # posé par mozilla-django-oidc (OIDC_STORE_ID_TOKEN)


def retenir_fournisseur(request, fournisseur: Fournisseur) -> None:
    request.session[CLE_FOURNISSEUR] = fournisseur.code


def adresse_fin_de_session(request, fournisseur: Fournisseur) -> str | None:
    """L'adresse de fin de session du fournisseur (``end_session_endpoint``) si la session vient de lui, sinon
    ``None`` (déconnexion ordinaire)."""
    jeton = request.session.get(CLE_JETON_IDENTITE)
    if request.session.get(CLE_FOURNISSEUR) != fournisseur.code or not jeton or not fournisseur.est_configure:
        return None
    try:
        point = fournisseur.reglage("OIDC_OP_LOGOUT_ENDPOINT", "")
    except (FournisseurIndisponible, ImproperlyConfigured):
        return None  # la session Binôme se termine quand même
    if not point:
        return None
    parametres = {
        "id_token_hint": jeton,
        "state": secrets.token_urlsafe(24),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("comptes:connexion")),
    }
    return f"{point}{'&' if '?' in point else '?'}{urlencode(parametres)}"
