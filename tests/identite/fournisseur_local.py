"""Un petit fournisseur OpenID Connect écrit par les tests, servi en HTTP sur la boucle locale (un fil).

Il sert la découverte, les clés (JWKS), le point d'accès aux jetons et les informations utilisateur, avec des jetons
signés par une clé RSA du test : ce que le fournisseur de test (oidc-provider-mock) ne sait pas produire (informations
utilisateur en JWT signé, jeton d'un autre émetteur, d'une autre audience, signé par une autre clé). Aucun appel HTTP
n'est simulé : mozilla-django-oidc parle à ce serveur comme à ProConnect.
"""

import functools
import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KID = "cle-de-test"


def nouvelle_cle():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def cle_du_fournisseur():
    return nouvelle_cle()


class FournisseurLocal:
    def __init__(self):
        self.cle = cle_du_fournisseur()
        self.cle_de_signature = self.cle  # remplacée par une autre clé pour tester une signature invalide
        self.jeton_identite: dict = {}
        self.informations: dict = {}
        self.informations_en_jwt = False
        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), self._gestionnaire())
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}"
        self.fil = threading.Thread(target=self.serveur.serve_forever, daemon=True)

    def signer(self, revendications: dict) -> str:
        return jwt.encode(revendications, self.cle_de_signature, algorithm="RS256", headers={"kid": KID})

    def preparer(self, *, sub: str, nonce: str, client_id: str, **autres) -> None:
        """Le prochain jeton d'identité (émetteur et audience par défaut : ce serveur et ``client_id``)."""
        maintenant = datetime.now(UTC)
        self.jeton_identite = {
            "iss": self.url,
            "aud": client_id,
            "sub": sub,
            "nonce": nonce,
            "iat": maintenant,
            "exp": maintenant + timedelta(minutes=5),
            **autres,
        }

    def _decouverte(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "end_session_endpoint": f"{self.url}/session/end",
        }

    def _gestionnaire(self):
        fournisseur = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _repondre(self, corps: str, type_contenu: str = "application/json", statut: int = 200):
                donnees = corps.encode()
                self.send_response(statut)
                self.send_header("Content-Type", type_contenu)
                self.send_header("Content-Length", str(len(donnees)))
                self.end_headers()
                self.wfile.write(donnees)

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    return self._repondre(json.dumps(fournisseur._decouverte()))
                if self.path == "/jwks":
                    cle = json.loads(RSAAlgorithm.to_jwk(fournisseur.cle.public_key()))
                    return self._repondre(json.dumps({"keys": [{**cle, "kid": KID, "alg": "RS256", "use": "sig"}]}))
                if self.path == "/userinfo":
                    if fournisseur.informations_en_jwt:
                        return self._repondre(fournisseur.signer(fournisseur.informations), "application/jwt")
                    return self._repondre(json.dumps(fournisseur.informations))
                return self._repondre("{}", statut=404)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/token":
                    jeton = fournisseur.signer(fournisseur.jeton_identite)
                    return self._repondre(
                        json.dumps({"access_token": "jeton-d-acces", "token_type": "Bearer", "id_token": jeton})
                    )
                return self._repondre("{}", statut=404)

        return Gestionnaire


@pytest.fixture
def fournisseur_local(settings):
    from binome.identite.oidc import oublier_decouverte

    fournisseur = FournisseurLocal()
    fournisseur.fil.start()
    settings.PROCONNECT_ISSUER = fournisseur.url
    settings.PROCONNECT_CLIENT_ID = "binome-proconnect"
    settings.PROCONNECT_CLIENT_SECRET = "secret-de-test-proconnect"
    oublier_decouverte()
    try:
        yield fournisseur
    finally:
        fournisseur.serveur.shutdown()
        fournisseur.serveur.server_close()
        oublier_decouverte()
