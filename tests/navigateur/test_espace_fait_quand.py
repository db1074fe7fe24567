"""« Fait quand » de l'issue 16, côté personne : une personne dont l'espace est ouvert se connecte avec le lien reçu
par courriel (lu sur le vrai serveur SMTP) et voit son plan, ses rendez-vous et ses services."""

import re

import pytest
from playwright.sync_api import expect

from binome.demo.espace import ESPACES, ouvrir_espace_de_demo
from tests.espace.pages_outils import dossier_complet

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_connexion_par_lien_puis_plan_rendez_vous_et_services(personas, page, live_server, serveur_smtp, settings):
    settings.BINOME_URL_SITE = live_server.url
    dossier = dossier_complet(personas, prenom="Inaya", nom="Belkacem")
    courriel = ESPACES[0].courriel
    ouvrir_espace_de_demo(dossier.parcours, courriel)  # la même étape que la démonstration

    page.goto(f"{live_server.url}/mon-espace/connexion/")
    page.get_by_label("Votre adresse e-mail").fill(courriel)
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_load_state("networkidle")
    assert [r.destinataires for r in serveur_smtp.recus] == [(courriel,)]
    lien = re.search(r"https?://\S+/mon-espace/connexion/lien/[\w-]+/", serveur_smtp.recus[0].texte()).group(0)
    page.goto(lien)
    page.get_by_role("button", name="Me connecter").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Bonjour Inaya")).to_be_visible()

    page.goto(f"{live_server.url}/mon-espace/mon-plan/")
    expect(page.get_by_text("Réparer la voiture").first).to_be_visible()
    expect(page.get_by_text("Garage solidaire du Cantal").first).to_be_visible()

    page.goto(f"{live_server.url}/mon-espace/mes-rendez-vous/")
    expect(page.get_by_text("Agence France Travail, 12 rue de la Gare").first).to_be_visible()
    expect(page.get_by_text("Atelier mobilité").first).to_be_visible()

    page.goto(f"{live_server.url}/mon-espace/mes-services/")
    expect(page.get_by_text("Épicerie solidaire de la Planèze").first).to_be_visible()
    expect(page.get_by_text("Du lundi au vendredi").first).to_be_visible()
