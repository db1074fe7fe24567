"""Étape « partenaires » de ``manage.py demo`` (issue 14, poste h4) : dans chaque département de démonstration, un
parcours avec un partenaire invité (action confiée, un contact), écrit par les services. Idempotente."""

import io

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from binome.accompagnement import selectors
from binome.accompagnement.models import InvitationPartenaire
from binome.comptes.models import Utilisateur
from binome.demo import partenaires
from binome.demo.management.commands import demo as commande
from tests.demo.test_demo_accompagnement import demo as demo_accompagnement  # noqa: F401 — fixture partagée

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_partenaires(demo_accompagnement, django_db_blocker):  # noqa: F811
    """L'étape après l'accompagnement ; ses services sont durables (transaction du module marquée comme celle d'un
    cas de test, comme pour l'agenda)."""
    with django_db_blocker.unblock():
        englobante = transaction.atomic()
        englobante._from_testcase = True
        with englobante:
            sortie = io.StringIO()
            partenaires.creer(sortie)
            yield sortie.getvalue()
            transaction.set_rollback(True)


def test_etape_inscrite_apres_l_accompagnement():
    assert commande.ETAPES.index("binome.demo.partenaires") > commande.ETAPES.index("binome.demo.accompagnement")
    assert partenaires.TRANSACTION_PAR_SERVICE


def test_chaque_departement_a_un_partenaire_invite(demo_partenaires):
    for udaf in partenaires.UDAFS:
        professionnel = Utilisateur.objects.get(email=udaf.email)
        invitation = selectors.invitations_valides(professionnel).get()
        assert invitation.parcours.departement_id == udaf.departement
        assert [a.libelle for a in selectors.actions_confiees(invitation)] == [
            "Mettre en place une mesure d'accompagnement budgétaire"
        ]
        assert selectors.contacts_partages(invitation).count() == 1
        client = Client()
        client.force_login(professionnel)
        page = client.get(reverse("accompagnement:parcours_partage", kwargs={"parcours_pk": invitation.parcours_id}))
        assert page.status_code == 200
    # Relancée : rien de plus.
    partenaires.creer(io.StringIO())
    assert InvitationPartenaire.objects.count() == len(partenaires.UDAFS)
