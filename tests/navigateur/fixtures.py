"""Tests de bout en bout : Playwright pilote le Chromium de Debian (/usr/bin/chromium).

Playwright ne peut pas télécharger ses navigateurs ici : on utilise celui du système.
Sans navigateur, les tests sont sautés avec un avis visible, sauf en intégration continue
(CI=true) où l'absence de navigateur est un échec.
"""

import os
import shutil

import pytest

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
