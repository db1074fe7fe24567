"""Identifiants de test uniques pour les cas schemathesis.

schemathesis 4 nomme chaque opération (``test_api[GET /api/v1/…]``), mais sous pytest 9 l'identifiant de ses
éléments perd la partie entre crochets (elle n'y vient pas d'un ``callspec``) : tous valent ``…::test_api``, et
pytest-xdist, ``--lf`` ou la sélection par identifiant ne les distingueraient pas. On rétablit parent + nom
(``_id`` est interne à pytest, épinglé dans requirements/dev.txt).
"""

import pytest
from _pytest.nodeid import coerce_node_id

from binome.comptes import services


@pytest.fixture
def jeton_de():
    """``jeton_de(utilisateur, lecture_seule=False, **options)`` → ``(jeton, clair)``, créé par le système."""

    def creer(utilisateur, *, nom="Logiciel d'essai", lecture_seule=False, **options):
        return services.jeton_api_creer(
            acteur=None, utilisateur=utilisateur, nom=nom, lecture_seule=lecture_seule, **options
        )

    return creer


@pytest.fixture
def horloge():
    """Le temps figé à maintenant ; ``horloge.tick(timedelta)`` le fait avancer."""
    from django.utils import timezone
    from freezegun import freeze_time

    with freeze_time(timezone.now()) as figee:
        yield figee


def pytest_collection_modifyitems(items):
    for item in items:
        if type(item).__name__ == "SchemathesisFunction" and item.nodeid != f"{item.parent.nodeid}::{item.name}":
            item._id = coerce_node_id(f"{item.parent.nodeid}::{item.name}")
