"""Planifier un rendez-vous dans le navigateur (issue 13, point 1) : Claire, conseillère, planifie un rendez-vous
tripartite depuis la fiche de la personne, le retrouve sur la fiche ; le rendez-vous passé (date reculée dans la
base), elle saisit la présence et voit le contact au journal."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from binome.accompagnement.enums import PresenceContact, TypeContact
from binome.accompagnement.models import Contact
from binome.agenda.enums import StatutRendezVous
from binome.agenda.models import RendezVous
from tests.accompagnement.factories import parcours_du_binome

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _champ(page, libelle):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(libelle)}(\s|\*|\xa0|$)"))


def _violations_graves(page):
    resultat = Axe().run(page)
    return [v["id"] for v in resultat.response["violations"] if v["impact"] in ("serious", "critical")]


def test_claire_planifie_un_tripartite_puis_saisit_la_presence(personas, connecter, live_server, page):
    aujourdhui = timezone.localdate()
    parcours = parcours_du_binome(
        personas,
        date_reperage=aujourdhui - datetime.timedelta(days=60),
        date_entree=aujourdhui - datetime.timedelta(days=30),
        date_fin_prevue=aujourdhui + datetime.timedelta(days=300),
    )
    personne = parcours.personne
    connecter(personas.conseiller)
    fiche = f"{live_server.url}{reverse('accompagnement:personne', kwargs={'pk': personne.pk})}"
    page.goto(fiche)

    # 1. Depuis la fiche : planifier un rendez-vous tripartite, en présentiel, dans une semaine.
    page.get_by_role("link", name="Planifier un rendez-vous").click()
    page.get_by_role("heading", name="Planifier un rendez-vous").wait_for()
    assert _violations_graves(page) == []
    page.get_by_text("Tripartite", exact=False).first.click()
    dans_une_semaine = aujourdhui + datetime.timedelta(days=7)
    _champ(page, "Date").fill(dans_une_semaine.isoformat())
    _champ(page, "Heure").fill("14:30")
    _champ(page, "Durée (minutes)").fill("60")
    _champ(page, "Modalité").select_option("PRESENTIEL")
    _champ(page, "Lieu").fill("Agence France Travail d'Aurillac, bureau 2")
    _champ(page, "Objet").fill("Point sur le plan d'action")
    page.get_by_role("button", name="Planifier le rendez-vous").click()

    page.locator(".fr-alert--success", has_text="Le rendez-vous est planifié").first.wait_for()
    rdv = RendezVous.objects.get(parcours=parcours)
    assert set(rdv.professionnels.all()) == {personas.conseiller, personas.travailleur_social}
    assert timezone.localtime(rdv.debut).strftime("%H:%M") == "14:30"
    detail = page.locator("main").inner_text()
    assert "Point sur le plan d'action" in detail and "Sophie Sociale" in detail
    assert _violations_graves(page) == []

    # 2. Le rendez-vous figure sur la fiche, à venir.
    page.goto(fiche)
    section = page.locator("#rendez-vous")
    assert dans_une_semaine.strftime("%d/%m/%Y") in section.inner_text()
    expect(section).to_contain_text("Point sur le plan d'action", use_inner_text=True)

    # 3. Le rendez-vous a eu lieu (date reculée dans la base) : saisir la présence depuis la fiche.
    hier = timezone.now() - datetime.timedelta(days=1)
    RendezVous.objects.filter(pk=rdv.pk).update(debut=hier)
    page.goto(fiche)
    page.locator("#rendez-vous").get_by_role("link", name="Saisir la présence").click()
    page.get_by_role("heading", name="Présence au rendez-vous").wait_for()
    assert _violations_graves(page) == []
    page.get_by_text("Honoré", exact=True).click()
    _champ(page, "Note courte et neutre").fill("Plan d'action revu ensemble.")
    page.get_by_role("button", name="Enregistrer la présence").click()
    page.locator(".fr-alert--success", has_text="journal des contacts").first.wait_for()

    contact = Contact.objects.get(parcours=parcours)
    assert contact.type == TypeContact.TRIPARTITE and contact.presence == PresenceContact.HONORE
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.HONORE and rdv.contact == contact

    # 4. Le contact est au journal.
    page.get_by_role("link", name="Voir le contact enregistré").click()
    journal = page.locator("main").inner_text()
    assert "Plan d'action revu ensemble." in journal
    assert hier.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in journal
