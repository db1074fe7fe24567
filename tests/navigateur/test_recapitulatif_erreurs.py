"""Issue 13, point 7, dans le navigateur : un formulaire refusé montre le récapitulatif d'erreurs en haut, qui
reçoit le focus ; ses liens mènent aux champs en erreur ; aucune violation grave d'accessibilité (axe)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_recapitulatif_recoit_le_focus_et_mene_aux_champs(personas, connecter, live_server):
    page = connecter(personas.conseiller)
    page.goto(live_server.url + reverse("accompagnement:personne_creer"))
    page.get_by_role("button", name="Enregistrer").first.click()
    page.wait_for_load_state("networkidle")

    recapitulatif = page.get_by_role("region", name="Le formulaire contient")
    expect(recapitulatif).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-recapitulatif-erreurs')")
    titre = recapitulatif.get_by_role("heading").inner_text()
    liens = recapitulatif.get_by_role("link")
    assert titre.startswith("Le formulaire contient") and liens.count() >= 1

    premier = liens.first
    cible = premier.get_attribute("href").lstrip("#")
    premier.click()
    assert page.evaluate("document.activeElement.id") == cible

    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []
