"""Étape « instances » de ``manage.py demo`` : dans chaque département de démonstration, une instance avec une
séance passée (décisions au parcours, procès-verbal) et une séance à venir avec son ordre du jour. Idempotente."""

import io

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import enums as ea
from binome.accompagnement.models import Evenement
from binome.comptes.models import Utilisateur
from binome.demo import instances
from binome.demo.management.commands import demo as commande
from binome.instances.enums import StatutManquement, StatutSeance
from binome.instances.models import Instance, Manquement, SeanceInstance
from tests.demo.test_demo_accompagnement import demo as demo_accompagnement  # noqa: F401 — fixture partagée

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_instances(demo_accompagnement, django_db_blocker):  # noqa: F811
    """L'étape après l'accompagnement ; ses services sont durables (transaction marquée comme celle d'un test)."""
    with django_db_blocker.unblock():
        englobante = transaction.atomic()
        englobante._from_testcase = True
        with englobante:
            instances.creer(io.StringIO())
            yield
            transaction.set_rollback(True)


def test_etape_inscrite_apres_l_accompagnement():
    assert commande.ETAPES.index("binome.demo.instances") > commande.ETAPES.index("binome.demo.accompagnement")
    assert instances.TRANSACTION_PAR_SERVICE


def test_chaque_departement_a_son_instance_et_ses_seances(demo_instances):
    maintenant = timezone.now()
    for code in instances.INSTANCES:
        instance = Instance.objects.get(departement_id=code)
        assert instance.membres.count() >= 3
        passee = SeanceInstance.objects.get(instance=instance, date__lt=maintenant)
        assert passee.statut == StatutSeance.CLOSE and passee.proces_verbal_le is not None
        assert passee.points.exists() and not passee.points.filter(decide_le__isnull=True).exists()
        for point in passee.points.all():
            assert Evenement.objects.filter(parcours=point.parcours, type=ea.TypeEvenement.INSTANCE_DECISION).exists()
        a_venir = SeanceInstance.objects.get(instance=instance, date__gt=maintenant)
        assert a_venir.statut == StatutSeance.PREVUE and a_venir.points.exists()
    # Le manquement du Cantal : avis de l'équipe, puis suspension-remobilisation décidée par le président.
    manquement = Manquement.objects.get(parcours__departement_id="15")
    assert manquement.statut == StatutManquement.SUSPENDU and manquement.taux == 50


def test_le_proces_verbal_de_demonstration_s_ouvre(demo_instances):
    seance = SeanceInstance.objects.get(instance__departement_id="15", statut=StatutSeance.CLOSE)
    client = Client()
    client.force_login(Utilisateur.objects.get(email="olivier.brun@ccas-aurillac.test"))
    pv = client.get(reverse("instances:proces_verbal", kwargs={"pk": seance.pk}))
    assert pv.status_code == 200
    for point in seance.points.all():
        assert point.reference in pv.content.decode()


def test_idempotente(demo_instances):
    avant = (Instance.objects.count(), SeanceInstance.objects.count())
    instances.creer(io.StringIO())
    assert (Instance.objects.count(), SeanceInstance.objects.count()) == avant
