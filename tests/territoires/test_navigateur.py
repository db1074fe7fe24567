"""Le sélecteur de commune dans un vrai navigateur : htmx, clavier, CSP et accessibilité."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from binome.territoires import referentiels

pytestmark = [
    pytest.mark.navigateur,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.territoires.urls_navigateur"),
]


@pytest.fixture
def essai(personas, extrait, connecter, live_server):
    referentiels.charger(stdout=None, progression=False, dossier=extrait)
    onglet = connecter(personas.conseiller)
    onglet.goto(f"{live_server.url}/essai-commune/")
    return onglet


def test_choisir_une_commune_au_clavier(essai):
    saisie = essai.get_by_role("combobox", name="Commune de résidence")
    saisie.press_sequentially("st flour")
    options = essai.get_by_role("option")
    options.first.wait_for()
    expect(options).to_have_count(4)
    assert saisie.get_attribute("aria-expanded") == "true"
    expect(options.first).to_contain_text("Saint-Flour", use_inner_text=True)
    assert essai.locator("[data-commune-statut]").text_content().startswith("4 communes trouvées")

    saisie.press("ArrowDown")
    saisie.press("ArrowDown")
    assert saisie.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    saisie.press("ArrowUp")
    assert options.first.get_attribute("aria-selected") == "true"
    saisie.press("Enter")  # choisit la suggestion, n'envoie pas le formulaire

    assert saisie.input_value() == "Saint-Flour (15100)"
    assert essai.locator("input[name=commune]").input_value() == "15187"
    assert saisie.get_attribute("aria-expanded") == "false"
    expect(essai.locator("#id_commune-suggestions")).not_to_be_visible()
    assert _sans_violation_grave(essai)

    essai.get_by_role("button", name="Valider").click()
    expect(essai.locator("#resultat")).to_have_text("Commune choisie : 15187")


def test_choisir_a_la_souris_et_echap(essai):
    saisie = essai.get_by_role("combobox", name="Commune de résidence")
    saisie.press_sequentially("151")
    essai.get_by_role("option").first.wait_for()
    saisie.press("Escape")
    expect(essai.locator("#id_commune-suggestions")).not_to_be_visible()
    saisie.press("ArrowDown")  # rouvre la liste
    expect(essai.locator("#id_commune-suggestions")).to_be_visible()
    essai.get_by_role("option", name="Coltines").click()
    assert essai.locator("input[name=commune]").input_value() == "15053"
    # Modifier la saisie annule le choix.
    saisie.press("Backspace")
    assert essai.locator("input[name=commune]").input_value() == ""


def test_aucune_suggestion_puis_erreur_en_francais(essai):
    saisie = essai.get_by_role("combobox", name="Commune de résidence")
    saisie.press_sequentially("xyzzy")
    essai.get_by_text("Aucune commune ne correspond à « xyzzy »").first.wait_for()
    essai.get_by_role("button", name="Valider").click()
    # L'envoi recharge la page : attendre la réponse, pas lire l'ancienne page.
    expect(essai.get_by_text("Aucune commune ne correspond à « xyzzy ». Vérifiez l'orthographe").first).to_be_visible()
    assert _sans_violation_grave(essai)


def _sans_violation_grave(onglet):
    violations = Axe().run(onglet).response["violations"]
    graves = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert graves == []
    return True
