"""Socle commun des fournisseurs OpenID Connect (ProConnect pour les professionnels, FranceConnect pour les personnes).

mozilla-django-oidc fait le flux (code d'autorisation, ``state``, ``nonce``, PKCE, vérification de la signature du
jeton d'identité, informations utilisateur en JSON ou en JWT signé). Il lit des réglages ``OIDC_*`` globaux, un seul
fournisseur : ``Fournisseur.reglage`` les remplace par ceux du fournisseur (``PROCONNECT_*``, ``FRANCECONNECT_*``)
et par son document de découverte (``<issuer>/.well-known/openid-configuration``). Chaque vue et chaque backend
d'un fournisseur hérite de ``AvecFournisseur`` : aucune copie du flux d'un fournisseur à l'autre.
"""

import threading
import time
from dataclasses import dataclass, field

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

# Document de découverte gardé une heure par processus (ProConnect le change rarement ; une rotation de clés passe
# par jwks_uri, relu à chaque vérification par mozilla-django-oidc).
DUREE_CACHE_DECOUVERTE = 3600
DELAI_RESEAU_SECONDES = 10
_cache: dict[str, tuple[float, dict]] = {}
_verrou = threading.Lock()


class FournisseurIndisponible(Exception):
    """Le fournisseur ne répond pas ou son document de découverte est invalide (page 503 en français)."""


@dataclass(frozen=True)
class Fournisseur:
    code: str  # « proconnect », « franceconnect » : gardé en session pour la déconnexion
    libelle: str
    prefixe: str  # préfixe des réglages : PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID…
    scopes: str
    route_retour: str  # nom de la route de retour (redirect_uri)
    parametres: dict = field(default_factory=dict)  # paramètres ajoutés à la demande d'autorisation

    def valeur(self, nom: str, defaut=""):
        return getattr(settings, f"{self.prefixe}_{nom}", defaut)

    @property
    def issuer(self) -> str:
        return (self.valeur("ISSUER") or "").rstrip("/")

    @property
    def est_configure(self) -> bool:
        return bool(self.issuer and self.valeur("CLIENT_ID") and self.valeur("CLIENT_SECRET"))

    def decouverte(self) -> dict:
        if not self.est_configure:
            raise ImproperlyConfigured(f"{self.libelle} n'est pas configuré ({self.prefixe}_ISSUER, _CLIENT_ID…).")
        with _verrou:
            en_cache = _cache.get(self.issuer)
            if en_cache and time.monotonic() - en_cache[0] < DUREE_CACHE_DECOUVERTE:
                return en_cache[1]
        try:
            reponse = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=DELAI_RESEAU_SECONDES)
            reponse.raise_for_status()
            document = reponse.json()
        except (requests.RequestException, ValueError) as erreur:
            raise FournisseurIndisponible(str(erreur)) from erreur
        manquants = [
            cle
            for cle in ("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
            if not document.get(cle)
        ]
        if manquants or document["issuer"].rstrip("/") != self.issuer:
            raise FournisseurIndisponible(f"Document de découverte invalide ({', '.join(manquants) or 'issuer'}).")
        with _verrou:
            _cache[self.issuer] = (time.monotonic(), document)
        return document

    def reglage(self, attr: str, *defaut):
        """La valeur d'un réglage ``OIDC_*`` de mozilla-django-oidc pour ce fournisseur."""
        points = {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
            "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
            "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
            "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
            "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
        }
        if attr in points:
            return self.decouverte().get(points[attr], *defaut) if defaut else self.decouverte()[points[attr]]
        propres = {
            "OIDC_RP_CLIENT_ID": self.valeur("CLIENT_ID"),
            "OIDC_RP_CLIENT_SECRET": self.valeur("CLIENT_SECRET"),
            "OIDC_RP_SIGN_ALGO": self.valeur("ALGORITHME", "RS256"),
            "OIDC_RP_SCOPES": self.valeur("SCOPES", "") or self.scopes,
            "OIDC_AUTHENTICATION_CALLBACK_URL": self.route_retour,
            "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {**self.parametres, **self.valeur("PARAMETRES", {})},
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
            "OIDC_STORE_ID_TOKEN": True,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_CREATE_USER": False,
            "OIDC_TIMEOUT": DELAI_RESEAU_SECONDES,
            "OIDC_ALLOW_UNSECURED_JWT": False,
        }
        if attr in propres:
            return propres[attr]
        return import_from_settings(attr, *defaut)

    def verifier_revendications(self, revendications: dict, *, audience_requise: bool = True) -> None:
        """Ce que mozilla-django-oidc ne vérifie pas : émetteur, audience, expiration (OIDC Core 3.1.3.7)."""
        emetteur = str(revendications.get("iss", "")).rstrip("/")
        if emetteur and emetteur != self.issuer:
            raise SuspiciousOperation("Émetteur du jeton inattendu.")
        audience = revendications.get("aud")
        if audience is not None or audience_requise:
            audiences = audience if isinstance(audience, list) else [audience]
            if self.valeur("CLIENT_ID") not in audiences:
                raise SuspiciousOperation("Audience du jeton inattendue.")
        expiration = revendications.get("exp")
        if expiration is not None and float(expiration) < time.time() - 60:
            raise SuspiciousOperation("Jeton expiré.")


def oublier_decouverte() -> None:
    """Vide le cache des documents de découverte (tests, changement de fournisseur)."""
    with _verrou:
        _cache.clear()


class AvecFournisseur:
    """Mélange pour les vues et backends de mozilla-django-oidc : leurs réglages viennent du fournisseur."""

    fournisseur: Fournisseur

    def get_settings(self, attr, *args):
        return self.fournisseur.reglage(attr, *args)


class BackendOIDC(AvecFournisseur, OIDCAuthenticationBackend):
    """Backend commun : points d'accès lus paresseusement dans la découverte (Django instancie chaque backend à
    chaque ``authenticate()``, connexion par mot de passe comprise : rien n'est demandé au fournisseur avant qu'un
    retour de ce fournisseur n'arrive), et vérification de l'émetteur, de l'audience et de l'expiration."""

    def __init__(self, *args, **kwargs):
        # Pas d'appel au constructeur de mozilla-django-oidc : il lirait les points d'accès (découverte) tout de suite.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: self.get_settings("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: self.get_settings("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: self.get_settings("OIDC_RP_SIGN_ALGO"))
    OIDC_RP_IDP_SIGN_KEY = None

    def retrieve_matching_jwk(self, token):
        """Clé de signature du jeton. Sans ``kid`` dans l'en-tête (le fournisseur de test, un fournisseur à clé
        unique), la seule clé de signature de l'algorithme attendu est retenue ; plusieurs candidates : refus."""
        entete = jwt.get_unverified_header(token)
        if "kid" in entete:
            return super().retrieve_matching_jwk(token)
        reponse = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=DELAI_RESEAU_SECONDES)
        reponse.raise_for_status()
        candidates = [
            cle
            for cle in reponse.json().get("keys", [])
            if cle.get("use", "sig") == "sig" and cle.get("alg", entete.get("alg")) == entete.get("alg")
        ]
        if len(candidates) != 1:
            raise SuspiciousOperation("Jeton sans « kid » et clé de signature ambiguë.")
        return jwt.PyJWK(candidates[0])

    def verify_token(self, token, **kwargs):
        revendications = super().verify_token(token, **kwargs)
        # Jeton d'identité (appelé avec le nonce) : audience obligatoire ; informations utilisateur en JWT : si posée.
        self.fournisseur.verifier_revendications(revendications, audience_requise="nonce" in kwargs)
        return revendications

    def authenticate(self, request, **kwargs):
        if not self.fournisseur.est_configure or request is None:
            return None
        # Chaque backend ne traite que le retour de son fournisseur : un code reçu par la route de retour d'un autre
        # fournisseur n'est jamais envoyé à son point d'accès aux jetons (Django essaie tous les backends).
        if request.path != reverse(self.fournisseur.route_retour):
            return None
        return super().authenticate(request, **kwargs)
