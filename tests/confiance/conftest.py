import pytest

from tests.confiance.monde import creer_monde


@pytest.fixture
def monde(personas):
    return creer_monde(personas)
