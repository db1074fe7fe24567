"""L'adresse d'abonnement à l'agenda depuis « Mon profil » : créée, montrée une fois, copiée, lue par un agenda."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _violations_graves(page):
    resultat = Axe().run(page)
    return [v for v in resultat.response["violations"] if v["impact"] in ("serious", "critical")]


def test_creer_copier_et_lire_l_adresse(personas, connecter, live_server):
    page = connecter(personas.conseiller)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/profil/")
    expect(page.get_by_role("heading", name="Mon agenda dans mon calendrier")).to_be_visible()
    assert _violations_graves(page) == []
    page.get_by_role("button", name="Créer mon adresse d'abonnement").click()
    page.wait_for_load_state("networkidle")
    champ = page.get_by_label("Adresse d'abonnement (.ics)")
    adresse = champ.input_value()
    assert "/agenda/abonnement/" in adresse and adresse.endswith(".ics")
    assert _violations_graves(page) == []
    page.get_by_role("button", name="Copier l'adresse").click()
    page.get_by_role("status").filter(has_text="Adresse copiée.").wait_for()
    chemin = adresse.split("/agenda/", 1)[1]
    reponse = page.request.get(f"{live_server.url}/agenda/{chemin}")
    assert reponse.status == 200 and reponse.headers["content-type"] == "text/calendar; charset=utf-8"
    page.goto(f"{live_server.url}/profil/")
    expect(page.get_by_text("Adresse créée le")).to_be_visible()
    assert chemin not in page.content()
