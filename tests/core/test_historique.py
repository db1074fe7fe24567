import pytest

from binome.core.historique import sauver, tracer
from tests import factories

pytestmark = pytest.mark.django_db


def test_sauver_ecrit_auteur_et_raison():
    organisation = factories.OrganisationFactory()
    acteur = factories.UtilisateurFactory()
    organisation.nom = "Nouveau nom"
    sauver(organisation, acteur=acteur, raison="Renommage")
    ligne = organisation.history.order_by("-history_id").first()
    assert ligne.history_user == acteur
    assert ligne.history_change_reason == "Renommage"
    assert ligne.nom == "Nouveau nom"


def test_tracer_sans_acteur_garde_la_raison():
    organisation = factories.OrganisationFactory()
    tracer(organisation, acteur=None, raison="Import")
    organisation.save()
    ligne = organisation.history.order_by("-history_id").first()
    assert ligne.history_user is None
    assert ligne.history_change_reason == "Import"


def test_tracer_avec_date_date_la_ligne_d_historique():
    import datetime

    organisation = factories.OrganisationFactory()
    quand = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)
    tracer(organisation, acteur=None, raison="Reprise", date=quand)
    organisation.save()
    ligne = organisation.history.order_by("-history_id").first()
    assert ligne.history_date == quand
