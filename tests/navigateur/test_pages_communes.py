"""Ce que chaque page doit tenir dans le navigateur (issue 12, point 17) : le lien d'évitement mène à un
élément qui existe (le contenu principal), chaque ancre interne a sa cible, et aucune erreur JavaScript
(console ou exception de page, script DSFR compris) n'est levée au chargement."""

import pytest
from django.urls import reverse

from tests.confiance.monde import creer_monde

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _surveiller(page) -> list[str]:
    erreurs = []
    page.on("pageerror", lambda exc: erreurs.append(f"pageerror : {exc}"))
    page.on("console", lambda m: erreurs.append(f"console : {m.text}") if m.type == "error" else None)
    return erreurs


def _ancres_sans_cible(page) -> list[str]:
    """Liens ``href="#…"`` (hors ``#`` seul) dont la cible n'existe pas dans la page."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href^="#"]'))
            .map(a => a.getAttribute('href'))
            .filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))))"""
    )


def _verifier_page(page, url) -> list[str]:
    problemes = []
    page.goto(url)
    page.wait_for_load_state("networkidle")
    lien = page.locator(".fr-skiplinks a").first
    cible = lien.get_attribute("href")
    if not cible.startswith("#") or page.locator(cible).count() != 1:
        problemes.append(f"{url} : le lien d'évitement « {cible} » ne mène à aucun élément")
    elif page.locator(cible).evaluate("e => e.tagName") != "MAIN":
        problemes.append(f"{url} : le lien d'évitement ne mène pas au contenu principal")
    problemes += [f"{url} : ancre sans cible {h}" for h in _ancres_sans_cible(page)]
    return problemes


def test_page_de_connexion_sans_erreur_et_lien_d_evitement(page, live_server):
    erreurs = _surveiller(page)
    problemes = _verifier_page(page, f"{live_server.url}/connexion/")
    # Le lien d'évitement mène effectivement au contenu : le focus s'y déplace.
    page.locator(".fr-skiplinks a").first.focus()
    page.keyboard.press("Enter")
    assert not problemes, problemes
    assert not erreurs, erreurs
    assert page.url.endswith("#content")


def test_pages_d_un_conseiller_sans_erreur_et_ancres_valides(personas, connecter, live_server):
    monde = creer_monde(personas)
    page = connecter(personas.conseiller)
    erreurs = _surveiller(page)
    personne = monde.cantal.personne
    urls = [
        "/",
        reverse("accompagnement:personnes"),
        reverse("accompagnement:personne", kwargs={"pk": personne.pk}),
        reverse("accompagnement:portefeuille"),
        reverse("accompagnement:plan", kwargs={"parcours_pk": monde.cantal.parcours.pk}),
        reverse("accompagnement:contacts", kwargs={"parcours_pk": monde.cantal.parcours.pk}),
        reverse("ressources:recherche"),
        reverse("confiance:export_personne", kwargs={"personne_pk": personne.pk}),
        reverse("confiance:historique_personne", kwargs={"personne_pk": personne.pk}),
        reverse("core:accessibilite"),
    ]
    problemes = []
    for chemin in urls:
        problemes += _verifier_page(page, f"{live_server.url}{chemin}")
    assert not problemes, "\n".join(problemes)
    assert not erreurs, "\n".join(erreurs)
