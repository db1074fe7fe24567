"""ProConnect dans le navigateur, contre le vrai fournisseur de test (processus oidc-provider-mock)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.navigateur.fixtures import oublier_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proconnect_navigateur(proconnect, settings):
    """La CSP des réglages est calculée au démarrage depuis PROCONNECT_ISSUER : ici, le fournisseur de test."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {**directives, "form-action": [*directives["form-action"], proconnect.url]},
    }
    return proconnect


def _s_identifier(page, live_server, sub):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    page.wait_for_url(lambda url: "/oauth2/authorize" in url)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state("networkidle")


def test_agent_se_connecte_puis_se_deconnecte_des_deux_sessions(page, live_server, personas, proconnect_navigateur):
    proconnect_navigateur.definir_utilisateur(
        "sub-claire-navigateur", email="Claire.Conseillere@exemple.gouv.fr", given_name="Claire", usual_name="X"
    )
    page.goto(f"{live_server.url}/connexion/")
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []

    _s_identifier(page, live_server, "sub-claire-navigateur")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_url(lambda url: "/oauth2/end_session" in url)
    assert "id_token_hint" in page.url
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda url: url.startswith(f"{live_server.url}/connexion/"))
    expect(page.get_by_role("heading", name="Connexion à Binôme")).to_be_visible()
    page.goto(f"{live_server.url}/")
    assert "/connexion/" in page.url  # la session Binôme est terminée


def test_adresse_inconnue_voit_la_page_francaise(page, live_server, personas, proconnect_navigateur):
    proconnect_navigateur.definir_utilisateur("sub-inconnu-navigateur", email="personne.inconnue@exemple.gouv.fr")
    _s_identifier(page, live_server, "sub-inconnu-navigateur")
    expect(page.get_by_role("heading", name="Connexion refusée")).to_be_visible()
    expect(page.get_by_text("administrateur de Binôme de votre département")).to_be_visible()
    expect(page.get_by_text("personne.inconnue@exemple.gouv.fr")).to_be_visible()
    oublier_la_session(page)
