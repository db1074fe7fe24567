"""Issue 13, point 7, dans le navigateur : la commune de l'annuaire se choisit parmi des suggestions (« Aurill »
→ Aurillac), et la recherche donne des résultats autour d'elle."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.ressources import factories as rf

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_taper_aurill_propose_aurillac_et_la_recherche_aboutit(personas, connecter, live_server):
    aurillac = personas.cantal.communes["aurillac"]
    rf.service(
        commune_obj=aurillac, nom="Garage solidaire d'Aurillac", thematiques=["mobilite--acceder-a-un-vehicule"]
    )

    page = connecter(personas.conseiller)
    page.goto(live_server.url + reverse("ressources:recherche"))
    saisie = page.get_by_role("combobox", name="Commune de la personne")
    saisie.press_sequentially("Aurill")
    option = page.locator("[data-commune-suggestions]").get_by_role("option", name="Aurillac")
    option.first.wait_for()
    expect(page.locator("[data-commune-suggestions] [role=option]")).to_have_count(1)  # le Cantal de Claire d'abord
    option.first.click()
    assert saisie.input_value() == "Aurillac (15000)"
    assert page.locator("input[name=commune]").input_value() == "15014"

    assert page.url.startswith(live_server.url + reverse("ressources:recherche"))  # les suggestions ne naviguent pas
    page.get_by_role("button", name="Rechercher").click()
    page.locator(".binome-liste-resultats h3").first.wait_for()
    assert page.locator(".binome-liste-resultats h3").all_inner_texts() == ["Garage solidaire d'Aurillac"]
    assert "Commune introuvable" not in page.locator("main").inner_text()
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []
