"""Étape « actions collectives » de ``manage.py demo`` : dans chaque département, un café santé, un atelier budget et
un atelier entretien d'embauche, avec une séance passée (présences saisies, contacts « collectif » au journal) et
une séance à venir (inscrits, liste d'attente au café santé). Idempotente."""

import io

import pytest
from django.db import transaction

from binome.accompagnement.enums import TypeContact
from binome.accompagnement.models import Contact
from binome.collectif.enums import StatutInscription, StatutSeance
from binome.collectif.models import ActionCollective, Inscription, SeanceCollective
from binome.demo import collectif
from binome.demo.management.commands import demo as commande
from tests.demo.test_demo_accompagnement import demo as demo_accompagnement  # noqa: F401 — fixture partagée

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_collectif(demo_accompagnement, django_db_blocker):  # noqa: F811
    """L'étape après l'accompagnement ; ses services sont durables : la transaction du module est marquée comme celle
    d'un cas de test pour qu'ils s'y imbriquent (comme ``tests/demo/test_demo_agenda.py``)."""
    with django_db_blocker.unblock():
        englobante = transaction.atomic()
        englobante._from_testcase = True
        with englobante:
            sortie = io.StringIO()
            collectif.creer(sortie)
            yield sortie.getvalue()
            transaction.set_rollback(True)


def test_etape_inscrite_et_hors_transaction_de_la_commande():
    assert commande.ETAPES.index("binome.demo.collectif") > commande.ETAPES.index("binome.demo.accompagnement")
    assert collectif.TRANSACTION_PAR_SERVICE


def test_chaque_departement_a_ses_trois_actions_passees_et_a_venir(demo_collectif):
    for code in ("15", "14"):
        titres = set(ActionCollective.objects.filter(departement_id=code).values_list("titre", flat=True))
        assert titres == {collectif.CAFE, collectif.BUDGET, collectif.ENTRETIEN}, code
        seances = SeanceCollective.objects.filter(action__departement_id=code)
        assert seances.filter(statut=StatutSeance.TENUE).count() == 3
        assert seances.filter(statut=StatutSeance.PLANIFIEE).count() == 3
        attente = Inscription.objects.filter(seance__action__departement_id=code, statut=StatutInscription.ATTENTE)
        assert attente.count() == 1 and attente.get().seance.action.titre == collectif.CAFE


def test_les_presences_ont_ecrit_les_contacts_collectifs(demo_collectif):
    tenues = Inscription.objects.filter(seance__statut=StatutSeance.TENUE)
    assert tenues.count() == 14 and not tenues.filter(contact__isnull=True).exists()
    contacts = Contact.objects.filter(type=TypeContact.COLLECTIF)
    assert contacts.count() == 14
    assert set(contacts.values_list("note", flat=True)) == {
        f"Séance collective : {titre}" for titre in (collectif.CAFE, collectif.BUDGET, collectif.ENTRETIEN)
    }


def test_relancee_l_etape_ne_cree_rien(demo_collectif):
    avant = (ActionCollective.objects.count(), SeanceCollective.objects.count(), Inscription.objects.count())
    collectif.creer(io.StringIO())
    assert (ActionCollective.objects.count(), SeanceCollective.objects.count(), Inscription.objects.count()) == avant
