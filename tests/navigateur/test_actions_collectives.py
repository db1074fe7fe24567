"""Une action collective dans le navigateur (issue 14, point 1) : Sophie, travailleuse sociale, crée l'action
« Café santé » et une séance, inscrit trois personnes, saisit les présences (séance reculée dans la base) ; le journal
de chacune montre le contact « collectif ». Ensuite, le tableau de bord du pilotage montre la section des actions
collectives (écrite par le poste h2 : sautée tant qu'elle est absente)."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from binome.accompagnement.enums import PresenceContact, TypeContact
from binome.accompagnement.models import Contact
from binome.collectif import services
from binome.collectif.enums import StatutSeance
from binome.collectif.models import SeanceCollective
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.collectif.factories import action_du, seance_de

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _champ(page, libelle):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(libelle)}(\s|\*|\xa0|$)"))


def _violations_graves(page):
    resultat = Axe().run(page)
    return [v["id"] for v in resultat.response["violations"] if v["impact"] in ("serious", "critical")]


def _trois_parcours(personas):
    aujourdhui = timezone.localdate()
    # Noms fixes et distincts : chaque ligne de présence est trouvée par le nom (un nom tiré au hasard peut en
    # contenir un autre, « Mary » et « Maryse »).
    return [
        parcours_du_binome(
            personas,
            personne=personne_du(personas.cantal, nom=nom, prenom=prenom),
            date_reperage=aujourdhui - datetime.timedelta(days=60),
            date_entree=aujourdhui - datetime.timedelta(days=30),
            date_fin_prevue=aujourdhui + datetime.timedelta(days=300),
        )
        for nom, prenom in (("Arnaud", "Léa"), ("Berthier", "Noé"), ("Carrel", "Inès"))
    ]


def test_sophie_tient_un_cafe_sante_et_les_journaux_le_montrent(personas, connecter, live_server, page):
    parcours = _trois_parcours(personas)
    connecter(personas.travailleur_social)

    # 1. Depuis le menu : créer l'action « Café santé ».
    page.goto(f"{live_server.url}/")
    page.locator("#navigation-principale").get_by_role("link", name="Actions collectives").click()
    page.get_by_role("heading", name="Actions collectives").wait_for()
    page.get_by_role("link", name="Créer une action collective").click()
    assert _violations_graves(page) == []
    _champ(page, "Titre").fill("Café santé")
    page.locator("#id_theme").select_option("SANTE")
    _champ(page, "Description").fill("Un temps d'échange autour de la santé.")
    _champ(page, "Places par séance").fill("8")
    page.get_by_role("button", name="Enregistrer").click()
    page.locator(".fr-alert--success", has_text="L'action collective est créée").first.wait_for()

    # 2. Planifier une séance dans une semaine.
    page.get_by_role("link", name="Planifier une séance").click()
    dans_une_semaine = timezone.localdate() + datetime.timedelta(days=7)
    _champ(page, "Date").fill(dans_une_semaine.isoformat())
    _champ(page, "Heure").fill("14:00")
    _champ(page, "Lieu").fill("Maison des solidarités, salle 2")
    page.get_by_role("button", name="Enregistrer").click()
    page.locator(".fr-alert--success", has_text="La séance est planifiée").first.wait_for()
    assert _violations_graves(page) == []

    # 3. Inscrire trois personnes depuis la page de la séance, avec leur accord du jour.
    for p in parcours:
        _champ(page.locator("#inscrire"), "Personne").select_option(str(p.pk))
        page.locator("#inscrire").get_by_role("button", name="Inscrire").click()
        page.locator(".fr-alert--success", has_text="est inscrite").first.wait_for()
    inscrits = page.locator("#inscrits").inner_text()
    assert all(p.personne.nom in inscrits for p in parcours)
    expect(page.locator("#places-restantes")).to_contain_text("5 places restantes sur 8", use_inner_text=True)

    # 4. La séance a eu lieu (date reculée dans la base) : saisir les présences en une étape.
    seance = SeanceCollective.objects.get()
    SeanceCollective.objects.filter(pk=seance.pk).update(debut=timezone.now() - datetime.timedelta(hours=3))
    page.reload()
    page.get_by_role("link", name="Saisir les présences").click()
    page.get_by_role("heading", name="Présences à la séance").wait_for()
    assert _violations_graves(page) == []
    for p, presence in zip(parcours, ("Présente", "Présente", "Excusée"), strict=True):
        page.locator("fieldset", has_text=p.personne.nom).get_by_text(presence, exact=True).click()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.locator(".fr-alert--success", has_text="contact collectif").first.wait_for()
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.TENUE

    # 5. Le journal de chacune des trois personnes montre le contact collectif.
    for p, presence in zip(parcours, ("HONORE", "HONORE", "EXCUSE"), strict=True):
        contact = Contact.objects.get(parcours=p)
        assert contact.type == TypeContact.COLLECTIF and contact.presence == presence
        page.goto(f"{live_server.url}{reverse('accompagnement:contacts', kwargs={'parcours_pk': p.pk})}")
        journal = page.locator("main").inner_text()
        assert "Séance collective : Café santé" in journal
        assert str(PresenceContact(presence).label) in journal


def _cafe_sante_tenu(personas) -> None:
    """Le même café santé, écrit par les services : trois inscrites, présences saisies."""
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie, capacite=8))
    inscriptions = [
        services.inscription_creer(acteur=sophie, seance=seance, parcours=p, accord_le=timezone.localdate())
        for p in _trois_parcours(personas)
    ]
    SeanceCollective.objects.filter(pk=seance.pk).update(debut=timezone.now() - datetime.timedelta(hours=3))
    services.seance_saisir_presences(acteur=sophie, seance=seance, presences={i.pk: "HONORE" for i in inscriptions})


def test_le_tableau_de_bord_du_pilotage_montre_les_actions_collectives(personas, connecter, live_server, page):
    _cafe_sante_tenu(personas)
    connecter(personas.pilote)
    page.goto(f"{live_server.url}{reverse('pilotage:tableau_de_bord')}")
    page.get_by_role("heading", level=1).first.wait_for()
    section = page.locator("#actions-collectives")
    texte = section.inner_text()
    # Une séance tenue, 8 places ; trois personnes : effectif de 1 à 4, marqué « < 5 » pour le pilote (secret
    # statistique), le taux qui s'en déduit caché (« s ») ; `stats` reste exact (tests/pilotage).
    assert re.search(r"Séances collectives tenues\s+1\b", texte)
    assert re.search(r"Places offertes en séance collective\s+8\b", texte)
    assert re.search(r"Présences aux séances collectives\s+< 5", texte)
    assert re.search(r"Santé\s+1\s+8\s+< 5\s+< 5\s+s\s+< 5", texte)
    assert re.search(r"Maison des solidarités Saint-Flour\s+1\s+8\s+< 5", texte)
