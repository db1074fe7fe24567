"""Dans le navigateur : du plan d'une personne du Cantal aux services « permis » proches, puis rattachement."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from binome.accompagnement.models import Action
from tests.accompagnement import factories as af
from tests.ressources import factories as rf

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_conseillere_trouve_les_permis_proches_et_en_rattache_un(personas, cantal, connecter, live_server):
    parcours = af.parcours_du_binome(
        personas, personne=af.personne_du(personas.cantal, "saint_flour", prenom="Julie", nom="Lacombe")
    )
    plan = af.PlanActionFactory(parcours=parcours)
    action = af.ActionFactory(plan=plan, libelle_libre="Passer le permis B")
    structure = rf.structure(nom="Roule Cantal", organisation=personas.cantal.partenaire)
    # Murat est à ~20 km de Saint-Flour, Aurillac à ~53 km (hors du rayon de 30 km).
    rf.service(structure, commune_obj=cantal["murat"], nom="Permis solidaire de Murat")
    rf.service(structure, commune_obj=cantal["saint_flour"], nom="Auto-école sociale de Saint-Flour")
    rf.service(structure, commune_obj=cantal["aurillac"], nom="Code de la route à Aurillac")

    page = connecter(personas.conseiller)
    page.goto(live_server.url + reverse("accompagnement:plan", kwargs={"parcours_pk": parcours.pk}))
    page.get_by_role("link", name="Rattacher un service de l'annuaire").first.click()
    page.wait_for_load_state("networkidle")

    titres = page.locator(".binome-liste-resultats h3").all_inner_texts()
    assert titres[:2] == ["Auto-école sociale de Saint-Flour", "Permis solidaire de Murat"], titres
    assert "Code de la route à Aurillac" not in titres
    assert "19,6 km" in page.locator(".binome-liste-resultats").text_content()
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []

    page.get_by_role("button", name="Rattacher à l'action du plan").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("main")).to_contain_text("Auto-école sociale de Saint-Flour", use_inner_text=True)
    action.refresh_from_db()
    assert Action.objects.get(pk=action.pk).service_ressource_id is not None
