"""Le pilote voit le secret statistique dans son navigateur : « < 5 » pour un petit effectif, « s » pour une valeur
cachée par complément, et la légende des deux marques (issue 12, point 1)."""

import datetime

import pytest
from playwright.sync_api import expect

from binome.accompagnement import enums as e
from tests.pilotage.jeu import _parcours

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_le_pilote_voit_la_marque_s_et_sa_legende(personas, connecter, live_server):
    # 12 entrées : 10 femmes, 2 hommes. « Hommes » est un petit effectif ; « Femmes » (10) est caché par complément.
    for i in range(12):
        _parcours(personas, f"S{i}", D(2025, 3, 10), sexe="H" if i < 2 else "F", rsa=i < 6)
    page = connecter(personas.pilote)
    page.goto(f"{live_server.url}/pilotage/?modalite={e.Modalite.GLOBAL}&du=2025-01-01&au=2025-12-31")
    femmes = page.locator("#indicateur-part_femmes td")
    assert femmes.nth(0).inner_text().strip() == "s"
    assert femmes.nth(1).inner_text().strip() == "s sur 12"
    assert page.locator("#indicateur-part_hommes td").nth(1).inner_text().strip() == "< 5 sur 12"
    legende = page.locator("#pilotage-legende-secret")
    expect(legende).to_be_visible()
    texte = legende.inner_text()
    assert "< 5 : effectif de 1 à 4 personnes" in texte
    assert "s : secret statistique" in texte
    assert "Femmes\n< 5" not in page.locator("#section-profil").inner_text()
