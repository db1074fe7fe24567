"""Tests de bout en bout : Playwright pilote le Chromium de Debian (/usr/bin/chromium).

Playwright ne peut pas télécharger ses navigateurs ici : on utilise celui du système.
Sans navigateur, les tests sont sautés avec un avis visible, sauf en intégration continue
(CI=true) où l'absence de navigateur est un échec.
"""

import os
import shutil

import pytest

from tests import serveur_de_test

CHEMIN_CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Le client synchrone de Playwright tourne dans une boucle asyncio : Django doit accepter
# les requêtes ORM du fil de test (le serveur de test, lui, tourne dans son propre fil).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Base SQLite en mémoire : le serveur de test traite une requête à la fois (voir tests/serveur_de_test.py).
serveur_de_test.installer()


def _chromium_disponible() -> bool:
    return os.path.exists(CHEMIN_CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    if _chromium_disponible():
        return
    en_ci = os.environ.get("CI", "").lower() == "true"
    for item in items:
        if "navigateur" in item.keywords and not en_ci:
            item.add_marker(
                pytest.mark.skip(reason="AVIS : Chromium absent (apt-get install chromium) — test navigateur sauté")
            )


def oublier_la_session(onglet):
    """Efface les cookies pour changer d'utilisateur, une fois la page précédente tout à fait chargée.

    Les compteurs du menu arrivent après la page (htmx) et chaque réponse renvoie le cookie de session
    (``SESSION_SAVE_EVERY_REQUEST``) : effacés pendant que cette requête est en vol, les cookies reviendraient avec sa
    réponse, et l'utilisateur suivant naviguerait avec la session du précédent.
    """
    onglet.wait_for_load_state("networkidle")
    onglet.context.clear_cookies()


@pytest.fixture(scope="session")
def navigateur():
    if not _chromium_disponible():
        pytest.fail("Chromium est introuvable alors que CI=true : installez le paquet Debian « chromium ».")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    chemin = CHEMIN_CHROMIUM if os.path.exists(CHEMIN_CHROMIUM) else shutil.which("chromium")
    browser = pw.chromium.launch(executable_path=chemin, args=ARGUMENTS)
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    onglet = contexte.new_page()
    erreurs_csp = []
    onglet.on(
        "console",
        lambda m: erreurs_csp.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
    )
    yield onglet
    contexte.close()
    assert not erreurs_csp, f"Violations de la CSP : {erreurs_csp}"


@pytest.fixture
def connecter(page, live_server):
    """``connecter(utilisateur)`` : se connecte par le formulaire, comme une personne."""
    from tests.factories import MOT_DE_PASSE

    def _connecter(utilisateur, mot_de_passe=MOT_DE_PASSE):
        page.goto(f"{live_server.url}/connexion/")
        page.get_by_label("Adresse électronique").fill(utilisateur.email)
        page.get_by_label("Mot de passe").fill(mot_de_passe)
        page.get_by_role("button", name="Se connecter").last.click()
        page.wait_for_load_state("networkidle")
        return page

    return _connecter
