"""FranceConnect pour la personne accompagnée (issue 16) : fournisseur, démarrage, retour hors de ``contrib.auth``.

La personne n'est pas un ``Utilisateur`` : le retour ne passe pas par ``auth.authenticate``. ``identite_du_retour``
fait ce que fait la vue de retour de mozilla-django-oidc (``state`` retrouvé en session puis effacé, ``nonce``
vérifié dans le jeton d'identité, vérificateur PKCE envoyé avec le code) avec une instance de ``BackendOIDC`` du
fournisseur (``get_token``, ``verify_token``, ``get_userinfo`` : JSON ou JWT signé). Le rapprochement avec un espace
(identité pivot) est fait plus haut, par ``binome.espace``.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.utils import absolutify
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from binome.identite.oidc import AvecFournisseur, BackendOIDC, Fournisseur, FournisseurIndisponible

FRANCECONNECT = Fournisseur(
    code="franceconnect",
    libelle="FranceConnect",
    prefixe="FRANCECONNECT",
    scopes="openid given_name family_name birthdate birthplace birthcountry gender",
    route_retour="espace:franceconnect_retour",
    parametres={"acr_values": "eidas1"},
)

# Revendications de l'identité pivot gardées (rapprochement, vérification par le référent) ; rien d'autre.
REVENDICATIONS_PIVOT = ("given_name", "family_name", "birthdate", "birthplace", "birthcountry", "gender")


class RetourRefuse(Exception):
    """Retour de FranceConnect inutilisable (erreur du fournisseur, ``state`` absent, jeton invalide)."""


@dataclass(frozen=True)
class IdentiteFranceConnect:
    sub: str
    pivot: dict  # REVENDICATIONS_PIVOT présentes, en chaînes
    id_token: str  # gardé en session pour la déconnexion (id_token_hint)


def est_configure() -> bool:
    return FRANCECONNECT.est_configure


class BackendFranceConnect(BackendOIDC):
    fournisseur = FRANCECONNECT

    def retrieve_matching_jwk(self, token):
        """Jeton sans ``kid`` (le fournisseur de test n'en pose pas ; mozilla-django-oidc lèverait ``KeyError``) :
        la seule clé de signature publiée pour cet algorithme, sinon refus. Avec ``kid`` : la recherche habituelle.
        (Contournement local : ``oidc.py`` n'est pas modifié.)"""
        entete = jwt.get_unverified_header(token)
        if "kid" in entete:
            return super().retrieve_matching_jwk(token)
        reponse = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=self.get_settings("OIDC_TIMEOUT", None))
        reponse.raise_for_status()
        cles = [
            cle
            for cle in reponse.json().get("keys", [])
            if cle.get("alg", entete.get("alg")) == entete.get("alg") and cle.get("use", "sig") == "sig"
        ]
        if len(cles) != 1:
            raise SuspiciousOperation("Jeton sans kid et clé de signature ambiguë.")
        return jwt.PyJWK(cles[0])


class DemarrageFranceConnect(AvecFournisseur, OIDCAuthenticationRequestView):
    """``/mon-espace/connexion/franceconnect/`` : redirige vers FranceConnect (state, nonce, PKCE en session)."""

    fournisseur = FRANCECONNECT

    def dispatch(self, request, *args, **kwargs):
        if not self.fournisseur.est_configure:
            raise Http404("FranceConnect n'est pas configuré.")
        return super().dispatch(request, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        # Le constructeur de mozilla-django-oidc lit les points d'accès : seulement si FranceConnect est configuré.
        if FRANCECONNECT.est_configure:
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


def _etat_de_la_session(request) -> tuple[str | None, str]:
    """``(code_verifier, nonce)`` du ``state`` reçu, retiré de la session (rejeu impossible)."""
    state = request.GET.get("state", "")
    etats = request.session.get("oidc_states") or {}
    if not state or state not in etats:
        raise RetourRefuse("state inconnu")
    entree = etats.pop(state)
    request.session["oidc_states"] = etats
    request.session.save()
    return entree.get("code_verifier"), entree["nonce"]


def identite_du_retour(request) -> IdentiteFranceConnect:
    """L'identité vérifiée renvoyée par FranceConnect sur la route de retour ; ``RetourRefuse`` sinon."""
    if request.GET.get("error"):
        etats = request.session.get("oidc_states") or {}
        if etats.pop(request.GET.get("state", ""), None) is not None:
            request.session["oidc_states"] = etats
        raise RetourRefuse(request.GET["error"][:100])
    code = request.GET.get("code")
    if not code:
        raise RetourRefuse("code absent")
    code_verifier, nonce = _etat_de_la_session(request)
    backend = BackendFranceConnect()
    backend.request = request
    charge = {
        "client_id": backend.OIDC_RP_CLIENT_ID,
        "client_secret": backend.OIDC_RP_CLIENT_SECRET,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": absolutify(request, reverse(FRANCECONNECT.route_retour)),
    }
    if code_verifier is not None:
        charge["code_verifier"] = code_verifier
    try:
        jetons = backend.get_token(charge)
        id_token, access_token = jetons.get("id_token"), jetons.get("access_token")
        if not id_token or not access_token:
            raise RetourRefuse("jetons absents")
        revendications = backend.verify_token(id_token, nonce=nonce)
        infos = backend.get_userinfo(access_token, id_token, revendications)
    except (SuspiciousOperation, FournisseurIndisponible, ValueError, OSError) as erreur:
        # OSError couvre les erreurs de requests (RequestException) ; ValueError : JSON ou JWT illisible.
        raise RetourRefuse(type(erreur).__name__) from erreur
    sub = str(revendications.get("sub") or "")
    if not sub or str(infos.get("sub", sub)) != sub:
        raise RetourRefuse("sub absent ou différent")
    pivot = {cle: str(infos[cle]) for cle in REVENDICATIONS_PIVOT if infos.get(cle) not in (None, "")}
    return IdentiteFranceConnect(sub=sub, pivot=pivot, id_token=id_token)


def adresse_de_deconnexion(*, id_token: str, retour: str) -> str | None:
    """``end_session_endpoint`` de FranceConnect avec ``id_token_hint`` ; ``None`` s'il n'en publie pas."""
    try:
        point = FRANCECONNECT.reglage("OIDC_OP_LOGOUT_ENDPOINT", "")
    except FournisseurIndisponible:
        return None
    if not point:
        return None
    parametres = {"id_token_hint": id_token, "state": get_random_string(32), "post_logout_redirect_uri": retour}
    return f"{point}?{urlencode(parametres)}"
