import pytest

from tests.personas import creer_personas

# Fixtures Playwright (un seul navigateur pour toute la session de test).
pytest_plugins = ["tests.navigateur.fixtures"]


@pytest.fixture
def personas(db):
    """Territoire (Cantal et Calvados), organisations et personas nommés."""
    return creer_personas()


@pytest.fixture
def client_de(client):
    """``client_de(utilisateur)`` : un client de test connecté sous cette identité."""

    def _connecter(utilisateur):
        client.force_login(utilisateur)
        return client

    return _connecter
