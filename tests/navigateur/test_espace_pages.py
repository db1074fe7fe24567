"""L'espace de la personne sur un téléphone (375 px) : la personne connectée parcourt ses pages par le menu,
confirme un rendez-vous ; aucune page ne défile de côté et axe ne signale aucune violation sérieuse ou critique."""

from importlib import import_module
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from binome.espace.session import CLE_SESSION, Moyen
from tests.espace.pages_outils import dossier_complet

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

LARGEUR, HAUTEUR = 375, 812
MENU = ("Mon plan", "Mes rendez-vous", "Mes contacts", "Mes services", "Accueil")


@pytest.fixture
def telephone(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": LARGEUR, "height": HAUTEUR})
    onglet = contexte.new_page()
    erreurs = []
    onglet.on("pageerror", lambda exc: erreurs.append(str(exc)))
    onglet.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
    yield onglet
    contexte.close()
    assert not erreurs, erreurs


def _connecter_personne(onglet, live_server, espace) -> None:
    """La session que pose une connexion réussie (``espace.session.ouvrir``), portée par le cookie du navigateur."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[CLE_SESSION] = {"espace": espace.pk, "moyen": Moyen.LIEN, "depuis": timezone.now().isoformat()}
    session.create()
    onglet.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "domain": urlsplit(live_server.url).hostname,
                "path": "/",
            }
        ]
    )


def _verifier(onglet) -> None:
    onglet.wait_for_load_state("networkidle")
    assert onglet.evaluate("document.documentElement.scrollWidth") <= LARGEUR, onglet.url
    violations = [v for v in Axe().run(onglet).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == [], (onglet.url, [v["id"] for v in violations])


def test_la_personne_parcourt_son_espace_sur_un_telephone(personas, live_server, telephone):
    dossier = dossier_complet(personas)
    _connecter_personne(telephone, live_server, dossier.espace)
    telephone.goto(live_server.url + reverse("espace:accueil"))
    assert telephone.get_by_role("heading", level=1).inner_text() == "Bonjour Inaya"
    _verifier(telephone)
    for libelle in MENU:
        telephone.get_by_role("button", name="Menu").click()
        telephone.get_by_role("navigation", name="Mon espace").get_by_role("link", name=libelle, exact=True).click()
        _verifier(telephone)
        # Le menu s'est refermé avec le changement de page : la page courante y est marquée.
        assert telephone.locator("#navigation-espace [aria-current=page]").text_content().strip() == libelle

    telephone.goto(live_server.url + reverse("espace:rendez_vous"))
    telephone.get_by_role("button", name="Confirmer ma venue").click()
    telephone.wait_for_load_state("networkidle")
    expect(telephone.get_by_text("Merci : votre venue est confirmée.")).to_be_visible()
    _verifier(telephone)
    telephone.get_by_role("link", name="Annuler").first.click()
    assert telephone.get_by_role("heading", level=1).inner_text() == "Annuler un rendez-vous"
    _verifier(telephone)
