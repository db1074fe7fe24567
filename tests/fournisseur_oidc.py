"""Un vrai fournisseur OpenID Connect (oidc-provider-mock 0.3, processus à part sur la boucle locale) pour les tests.

``fournisseur_oidc`` (fixture de session, un processus par worker xdist) : émetteur ``http://127.0.0.1:<port>``,
découverte, jetons signés RS256, informations utilisateur en JSON, fin de session. Il ne sait pas rendre les
informations utilisateur en JWT signé ni poser ``amr`` : ces cas sont testés avec des jetons signés par les tests.
"""

import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FournisseurDeTest:
    def __init__(self, url: str, processus: subprocess.Popen):
        self.url = url
        self.processus = processus

    def definir_utilisateur(self, sub: str, **revendications) -> None:
        """Enregistre (ou remplace) les revendications d'un utilisateur du fournisseur."""
        reponse = requests.put(f"{self.url}/users/{sub}", json=revendications, timeout=10)
        reponse.raise_for_status()

    def autoriser(self, url_autorisation: str, sub: str) -> str:
        """Ce que fait l'utilisateur sur la page du fournisseur : choisit ``sub`` et accepte. Renvoie l'adresse de
        retour vers Binôme (``…/retour/?code=…&state=…``) sans la suivre."""
        reponse = requests.post(url_autorisation, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert reponse.status_code in (302, 303), reponse.text[:500]
        return reponse.headers["Location"]


def retour_relatif(adresse: str) -> str:
    """``http://testserver/chemin/?q`` → ``/chemin/?q`` (pour le client de test de Django)."""
    morceaux = urlsplit(adresse)
    return f"{morceaux.path}?{morceaux.query}" if morceaux.query else morceaux.path


def parametres(adresse: str) -> dict[str, str]:
    return {cle: valeurs[0] for cle, valeurs in parse_qs(urlsplit(adresse).query).items()}


@pytest.fixture(scope="session")
def fournisseur_oidc():
    port = port_libre()
    processus = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--require-nonce"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    limite = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        if processus.poll() is not None or time.monotonic() > limite:
            processus.kill()
            raise RuntimeError("Le fournisseur OpenID Connect de test n'a pas démarré.")
        time.sleep(0.1)
    try:
        yield FournisseurDeTest(url, processus)
    finally:
        processus.terminate()
        try:
            processus.wait(timeout=10)
        except subprocess.TimeoutExpired:
            processus.kill()


@pytest.fixture
def proconnect(settings, fournisseur_oidc):
    """ProConnect configuré sur le fournisseur de test (client « binome-proconnect »)."""
    from binome.identite.oidc import oublier_decouverte

    settings.PROCONNECT_ISSUER = fournisseur_oidc.url
    settings.PROCONNECT_CLIENT_ID = "binome-proconnect"
    settings.PROCONNECT_CLIENT_SECRET = "secret-de-test-proconnect"
    oublier_decouverte()
    yield fournisseur_oidc
    oublier_decouverte()


@pytest.fixture
def franceconnect(settings, fournisseur_oidc):
    """FranceConnect configuré sur le même fournisseur (client « binome-franceconnect »). Le fournisseur de test ne
    rend les revendications standard (noms, date de naissance) qu'avec la portée « profile » : elle est ajoutée."""
    from binome.identite.oidc import oublier_decouverte

    settings.FRANCECONNECT_ISSUER = fournisseur_oidc.url
    settings.FRANCECONNECT_CLIENT_ID = "binome-franceconnect"
    settings.FRANCECONNECT_CLIENT_SECRET = "secret-de-test-franceconnect"
    settings.FRANCECONNECT_SCOPES = "openid profile given_name family_name birthdate birthplace birthcountry gender"
    oublier_decouverte()
    yield fournisseur_oidc
    oublier_decouverte()
