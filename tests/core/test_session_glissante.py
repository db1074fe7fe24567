"""Expiration glissante de la session (``binome.core.session``) : une lecture n'écrit pas la session ; elle n'est
réécrite, pour la prolonger, qu'une fois par intervalle ; l'inactivité tolérée ne dépasse jamais le délai."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from binome.core.session import CLE_PROLONGEE, intervalle_de_prolongation

DEPART = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _ecritures_de_session(requetes) -> int:
    return sum(
        1
        for requete in requetes
        if "django_session" in requete["sql"] and requete["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def _lire(client) -> tuple[int, int]:
    """(statut, écritures de la session) d'une lecture de l'accueil."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(reverse("core:accueil"))
    return reponse.status_code, _ecritures_de_session(requetes.captured_queries)


def _connecte(client) -> bool:
    reponse = client.get(reverse("core:accueil"))
    return reponse.status_code == 200


def test_reglages():
    assert not getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False)
    intergiciels = settings.MIDDLEWARE
    position = intergiciels.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert intergiciels[position + 1] == "binome.core.session.ExpirationGlissanteMiddleware"
    assert intervalle_de_prolongation() == settings.SESSION_COOKIE_AGE // 10 == 180


@pytest.mark.django_db
def test_une_lecture_simple_n_ecrit_pas_la_session(personas):
    client = Client()
    with freeze_time(DEPART) as horloge:
        client.force_login(personas.conseiller)
        assert _lire(client) == (200, 0)  # l'heure de prolongation est posée à la connexion, déjà écrite
        for _i in range(5):
            horloge.tick(datetime.timedelta(seconds=30))
            assert _lire(client) == (200, 0)
        horloge.tick(datetime.timedelta(seconds=intervalle_de_prolongation()))
        assert _lire(client) == (200, 1)  # l'intervalle est passé : la session est prolongée, une fois
        assert _lire(client) == (200, 0)


@pytest.mark.django_db
def test_une_session_inactive_au_dela_du_delai_expire(personas):
    client = Client()
    with freeze_time(DEPART) as horloge:
        client.force_login(personas.conseiller)
        assert _connecte(client)
        horloge.tick(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        reponse = client.get(reverse("core:accueil"))
        assert reponse.status_code == 302 and reponse["Location"].startswith("/connexion/")


@pytest.mark.django_db
def test_l_inactivite_toleree_ne_depasse_jamais_le_delai(personas):
    """Une lecture sans prolongation ne repousse pas l'expiration : la borne est le délai compté depuis la
    dernière écriture, jamais délai + intervalle."""
    client = Client()
    with freeze_time(DEPART) as horloge:
        client.force_login(personas.conseiller)
        assert _lire(client) == (200, 0)
        horloge.tick(datetime.timedelta(seconds=intervalle_de_prolongation() - 10))
        assert _lire(client) == (200, 0)  # lue sans être prolongée
        # Délai depuis l'écriture (et délai − intervalle + 10 s depuis la dernière requête) : expirée.
        horloge.tick(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - intervalle_de_prolongation() + 11))
        assert not _connecte(client)


@pytest.mark.django_db
def test_une_activite_reguliere_prolonge_la_session_avec_peu_d_ecritures(personas):
    client = Client()
    ecritures = 0
    with freeze_time(DEPART) as horloge:
        client.force_login(personas.conseiller)
        for _minute in range(90):  # une lecture par minute pendant une heure et demie, trois fois le délai
            statut, n = _lire(client)
            assert statut == 200
            ecritures += n
            horloge.tick(datetime.timedelta(minutes=1))
        assert client.session[CLE_PROLONGEE] >= int((DEPART + datetime.timedelta(minutes=86)).timestamp())
    # Une écriture toutes les trois minutes (un dixième de 30 minutes), pas une par lecture.
    assert 25 <= ecritures <= 31


@pytest.mark.django_db
def test_un_visiteur_anonyme_n_obtient_aucune_session():
    client = Client()
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(reverse("comptes:connexion")).status_code == 200
    assert _ecritures_de_session(requetes.captured_queries) == 0
    assert settings.SESSION_COOKIE_NAME not in client.cookies
