"""Coût fixe d'une page (issue 17) : ce qu'une page refait à chaque requête alors qu'une fois suffit.

Sans horloge : on compte les gabarits relus et analysés, et les lectures des habilitations."""

import pytest
from django.db import connection
from django.template.loaders.base import Loader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.comptes import selectors as comptes
from binome.core.forms import Formulaire, FormulaireModele

pytestmark = pytest.mark.django_db

# Pages connectées qui rendent des formulaires DSFR (recherche, profil) et des inclusions (en-tête, menu).
PAGES = [("accompagnement:personnes", "?q=martin"), ("comptes:profil", ""), ("core:accueil", "")]


class _Exemple(Formulaire):
    pass


def test_les_formulaires_partagent_un_seul_moteur_de_rendu():
    """Une classe comme ``default_renderer`` ferait un moteur neuf (chargeurs vides) par formulaire rendu."""
    assert _Exemple().renderer is _Exemple().renderer
    assert FormulaireModele.default_renderer is Formulaire.default_renderer


@pytest.mark.parametrize(("route", "requete"), PAGES)
def test_une_page_deja_vue_ne_relit_aucun_gabarit(personas, client_de, monkeypatch, route, requete):
    client = client_de(personas.conseiller)
    url = reverse(route) + requete
    assert client.get(url).status_code == 200  # premier rendu : les gabarits sont lus et mis en cache
    lus = []
    lire = Loader.get_template

    def compter(self, template_name, skip=None):
        lus.append(template_name)
        return lire(self, template_name, skip=skip)

    monkeypatch.setattr(Loader, "get_template", compter)
    assert client.get(url).status_code == 200
    assert lus == []


@pytest.mark.parametrize(("route", "requete"), PAGES)
def test_les_habilitations_sont_lues_une_fois_par_requete(personas, client_de, monkeypatch, route, requete):
    client = client_de(personas.conseiller)
    url = reverse(route) + requete
    client.get(url)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    # La lecture de ``comptes.selectors.habilitations`` (les autres requêtes n'y font que des sous-requêtes).
    lectures = [q for q in requetes.captured_queries if q["sql"].startswith('SELECT "comptes_habilitation"."id"')]
    assert len(lectures) == 1
    assert comptes.habilitations(personas.conseiller)  # la personne a bien des habilitations à lire
