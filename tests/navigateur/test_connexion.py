import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _violations_graves(page):
    resultat = Axe().run(page)
    return [v for v in resultat.response["violations"] if v["impact"] in ("serious", "critical")]


def test_page_de_connexion_dsfr_accessible(page, live_server):
    page.goto(f"{live_server.url}/")
    assert "/connexion/" in page.url
    expect(page.locator("header.fr-header")).to_be_visible()
    expect(page.get_by_role("heading", name="Connexion à Binôme")).to_be_visible()
    assert _violations_graves(page) == []


def test_persona_se_connecte_et_voit_son_accueil(personas, connecter):
    page = connecter(personas.conseiller)
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    expect(page.locator("header")).to_contain_text("France Travail Saint-Flour", use_inner_text=True)
    assert _violations_graves(page) == []


def test_mauvais_mot_de_passe_message_francais(personas, connecter):
    page = connecter(personas.conseiller, mot_de_passe="faux-mot-de-passe")
    # Dans le formulaire et dans le récapitulatif d'erreurs en haut de la page (issue 13, point 7).
    message = page.get_by_text("Adresse électronique ou mot de passe incorrect.")
    assert message.count() == 2 and message.first.is_visible() and message.last.is_visible()
    expect(page.get_by_role("region", name="Le formulaire contient 1 erreur")).to_be_visible()
