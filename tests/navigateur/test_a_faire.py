"""« À faire » dans le navigateur : Claire se connecte, voit ses lignes et leurs nombres, le compteur du menu se
remplit après la page (htmx), elle suit un lien vers la boîte des orientations. Sans violation axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from binome.quotidien import a_faire as af
from tests.quotidien.donnees import journee_de_claire

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _violations_graves(page):
    resultat = Axe().run(page)
    return [v["id"] for v in resultat.response["violations"] if v["impact"] in ("serious", "critical")]


def test_claire_voit_a_faire_et_le_compteur_du_menu(personas, connecter, live_server):
    journee_de_claire(personas, jour=timezone.localdate())
    lignes = af.a_faire(personas.conseiller)
    attendu = af.total(lignes)
    assert attendu >= 7

    page = connecter(personas.conseiller)
    a_faire = page.locator("#a-faire")
    expect(page.get_by_role("heading", name="À faire", exact=True)).to_be_visible()
    for ligne in lignes:
        expect(a_faire.get_by_role("link", name=re.compile(re.escape(ligne.libelle))), ligne.cle).to_be_visible()
    expect(a_faire).to_contain_text("Corinne C.", use_inner_text=True)

    # Le compteur de l'accueil arrive après la page, dans son emplacement annoncé (aria-live).
    total = page.locator("#compteur-menu-total")
    total.get_by_text(f"{attendu} à faire").wait_for()
    assert total.get_attribute("aria-live") == "polite"
    assert "1 à traiter" in page.locator("#compteur-menu-orientations").text_content()
    assert _violations_graves(page) == []

    page.get_by_role("link", name="1 orientation attend un diagnostic").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/accompagnement/orientations/")
    expect(page.locator("main")).to_contain_text("Orient", use_inner_text=True)
    assert _violations_graves(page) == []
