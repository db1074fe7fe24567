"""Pagination DSFR commune : elle conserve les filtres et se replie sur la dernière page."""

import pytest
from django.urls import reverse

from binome.comptes.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_pagination_conserve_la_recherche(personas, client_de):
    for i in range(60):
        f.agent(
            f"agent{i:02d}@exemple.gouv.fr", "Agent", f"Numéro {i:02d}", personas.cantal.agence, Role.CONSEILLER_FT
        )
    client = client_de(personas.admin)
    contenu = client.get(reverse("comptes:utilisateurs"), {"q": "agent"}).content.decode()
    assert "60 utilisateurs dans votre périmètre" in contenu
    assert 'href="?q=agent&amp;page=2"' in contenu
    assert 'aria-current="page"' in contenu
    page2 = client.get(reverse("comptes:utilisateurs"), {"q": "agent", "page": 2}).content.decode()
    assert "Agent Numéro 59" in page2
    assert "Agent Numéro 00" not in page2
    # Un numéro de page hors limites mène à la dernière page, sans erreur.
    assert (
        "Agent Numéro 59" in client.get(reverse("comptes:utilisateurs"), {"q": "agent", "page": 99}).content.decode()
    )


def test_pas_de_pagination_sur_une_seule_page(personas, client_de):
    contenu = client_de(personas.admin).get(reverse("comptes:utilisateurs")).content.decode()
    assert "fr-pagination" not in contenu
