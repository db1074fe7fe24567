"""Étape « espace » de ``manage.py demo`` : dans chaque département, une personne suivie a une adresse et un espace
ouvert par son conseiller ; elle reçoit un lien et entre dans son espace. Idempotente."""

import io

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from binome.demo import espace as demo_espace
from binome.demo.management.commands import demo as commande
from binome.espace.models import EspacePersonne, LienConnexion
from tests.demo.test_demo_accompagnement import demo as demo_accompagnement  # noqa: F401 — fixture partagée

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_espaces(demo_accompagnement, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        englobante = transaction.atomic()
        englobante._from_testcase = True
        with englobante:
            sortie = io.StringIO()
            demo_espace.creer(sortie)
            yield sortie.getvalue()
            transaction.set_rollback(True)


def test_etape_inscrite_apres_l_accompagnement():
    assert commande.ETAPES.index("binome.demo.espace") > commande.ETAPES.index("binome.demo.accompagnement")
    assert demo_espace.TRANSACTION_PAR_SERVICE


def test_une_personne_par_departement_a_son_espace(demo_espaces, mailoutbox):
    assert "2 espaces ouverts" in demo_espaces
    for demo in demo_espace.ESPACES:
        espace = EspacePersonne.objects.select_related("personne").get(personne__courriel=demo.courriel)
        assert espace.est_ouvert and espace.personne.departement_id == demo.departement
        assert espace.ouvert_par is not None and espace.history.exists()
        client = Client()
        client.post(reverse("espace:connexion"), {"courriel": demo.courriel})
        assert mailoutbox[-1].to == [demo.courriel]
        chemin = "/mon-espace/" + mailoutbox[-1].body.split("/mon-espace/", 1)[1].split()[0]
        assert client.post(chemin)["Location"] == reverse("espace:accueil")
        assert f"Bonjour {espace.personne.prenom}" in client.get(reverse("espace:accueil")).content.decode()
    assert LienConnexion.objects.filter(utilise_le__isnull=False).count() == len(demo_espace.ESPACES)
    # Relancée : rien de plus.
    demo_espace.creer(io.StringIO())
    assert EspacePersonne.objects.count() == len(demo_espace.ESPACES)
