"""Le menu vient d'un sélecteur (binome.portail.selectors.menu_pour) et montre exactement les pages que la
personne peut ouvrir : chaque entrée montrée répond 200, chaque page du menu non montrée est refusée."""

import dataclasses
import re

import pytest
from django.test import Client
from django.urls import reverse

from binome.comptes.models import Utilisateur
from binome.portail.selectors import CATALOGUE, menu_pour
from tests.personas import Personas

pytestmark = pytest.mark.django_db

PERSONAS = [champ.name for champ in dataclasses.fields(Personas) if champ.type is Utilisateur]
REFUS = {302, 403, 404}


def test_tous_les_personas_sont_essayes():
    assert len(PERSONAS) >= 14 and {"super_admin", "partenaire", "pilote_national"} <= set(PERSONAS)


def _liens_du_menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="fr-nav"[^>]*id="navigation-principale".*?</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', nav.group(0)) if nav else []


@pytest.mark.parametrize("nom", PERSONAS)
def test_le_menu_montre_exactement_les_pages_que_la_personne_ouvre(personas, nom):
    utilisateur = getattr(personas, nom)
    client = Client()
    client.force_login(utilisateur)
    montrees = {entree.url_name for entree in menu_pour(utilisateur)}
    ecarts = []
    for entree, _predicat in CATALOGUE:
        statut = client.get(reverse(entree.url_name)).status_code
        if entree.url_name in montrees and statut != 200:
            ecarts.append(f"{entree.url_name} montrée mais répond {statut}")
        if entree.url_name not in montrees and statut not in REFUS:
            ecarts.append(f"{entree.url_name} cachée mais répond {statut}")
    assert not ecarts, f"{nom} : {ecarts}"
    # Le menu affiché dans les pages est celui du sélecteur, dans son ordre.
    accueil = client.get(reverse("core:accueil"))
    attendus = [reverse(e.url_name) for e, _p in CATALOGUE if e.url_name in montrees]
    assert _liens_du_menu(accueil.content.decode()) == attendus


def test_anonyme_aucun_menu_et_pages_du_menu_refusees(client):
    assert menu_pour(None) == []
    for entree, _predicat in CATALOGUE:
        assert client.get(reverse(entree.url_name)).status_code in REFUS, entree.url_name
    page = client.get(reverse("core:mentions_legales"))
    assert page.status_code == 200 and _liens_du_menu(page.content.decode()) == []


def test_entree_active_selon_la_section(personas, client_de):
    client = client_de(personas.admin)
    html = client.get(reverse("comptes:utilisateur", args=[personas.conseiller.pk])).content.decode()
    actives = re.findall(r'href="([^"]+)"\s+aria-current="page"', html)
    assert actives == [reverse("comptes:utilisateurs")]


def test_le_gabarit_ne_decide_aucun_role():
    """Les gabarits de navigation ne testent aucun rôle : la décision est dans le sélecteur."""
    from pathlib import Path

    from django.conf import settings

    dossier = Path(settings.BASE_DIR) / "templates"
    for chemin in [dossier / "base.html", *sorted((dossier / "includes").glob("*.html"))]:
        texte = chemin.read_text()
        assert "roles_actifs" not in texte and "in roles" not in texte, chemin


def test_les_compteurs_ne_sont_pas_comptes_avec_la_page(personas, client_de, monkeypatch):
    """Le menu rend un emplacement par compteur ; aucune fonction de comptage n'est appelée pour la page (les
    nombres arrivent après elle, par quotidien:compteurs)."""
    from binome.quotidien import a_faire

    def interdit(*args, **kwargs):
        raise AssertionError("compteur calculé pendant le rendu de la page")

    monkeypatch.setattr(a_faire, "_construire", interdit)
    monkeypatch.setattr("binome.portail.selectors.tableau_a_faire", lambda utilisateur: None)
    client = client_de(personas.conseiller)
    html = client.get(reverse("accompagnement:personnes")).content.decode()
    assert 'id="compteur-menu-coordinations"' in html and 'id="compteur-menu-total"' in html
    with pytest.raises(AssertionError, match="pendant le rendu"):
        client.get(reverse("quotidien:compteurs"))
