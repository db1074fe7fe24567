import pytest

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
