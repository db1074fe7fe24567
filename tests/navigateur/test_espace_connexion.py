"""La personne de démonstration demande un lien, le lit sur le vrai serveur SMTP, se connecte et arrive sur son
accueil ; aucune violation d'accessibilité grave sur les pages de connexion (RGAA)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from binome.demo.espace import ESPACES, ouvrir_espace_de_demo
from tests.accompagnement.factories import parcours_du_binome, personne_du

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _violations_graves(page):
    resultat = Axe().run(page)
    return [v for v in resultat.response["violations"] if v["impact"] in ("serious", "critical")]


def test_la_personne_recoit_un_lien_et_entre_dans_son_espace(personas, page, live_server, serveur_smtp, settings):
    settings.BINOME_URL_SITE = live_server.url
    demo = ESPACES[0]
    parcours = parcours_du_binome(personas, personne=personne_du(personas.cantal, prenom="Julie", nom="Lacombe"))
    ouvrir_espace_de_demo(parcours, demo.courriel)

    page.set_viewport_size({"width": 375, "height": 740})  # mobile d'abord
    page.goto(f"{live_server.url}/mon-espace/connexion/")
    expect(page.get_by_role("heading", name="Entrer dans mon espace")).to_be_visible()
    assert _violations_graves(page) == []
    page.get_by_label("Votre adresse e-mail").fill(demo.courriel)
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Regardez vos e-mails")).to_be_visible()

    assert [r.destinataires for r in serveur_smtp.recus] == [(demo.courriel,)]
    lien = re.search(r"https?://\S+/mon-espace/connexion/lien/[\w-]+/", serveur_smtp.recus[0].texte()).group(0)
    page.goto(lien)
    assert _violations_graves(page) == []
    page.get_by_role("button", name="Me connecter").click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(f"{live_server.url}/mon-espace/")
    expect(page.get_by_role("heading", name="Bonjour Julie")).to_be_visible()

    # Le même lien ne sert pas deux fois.
    page.context.clear_cookies()
    page.goto(lien)
    page.get_by_role("button", name="Me connecter").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Ce lien ne marche plus")).to_be_visible()
