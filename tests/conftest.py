import freezegun
import pytest

from tests.personas import creer_personas

# L'horloge de pytest (durées, --durations) reste la vraie quand un test fige le temps.
freezegun.configure(extend_ignore_list=["_pytest"])

# Fixtures Playwright (un seul navigateur par processus de test : un par worker pytest-xdist).
pytest_plugins = ["tests.navigateur.fixtures", "tests.fournisseur_oidc"]


def _sans_aucun_ordre(requete) -> bool:
    """Vrai si la base est libre de rendre les lignes de cette requête dans n'importe quel ordre.

    Ni ``order_by()``, ni ``Meta.ordering`` (une requête vidée de son ordre par ``.order_by()`` l'est
    volontairement : agrégats, sous-requêtes) ; ``DISTINCT`` et les requêtes combinées (``union``…) sont
    laissés tels quels, la base y refusant un tri sur une expression hors de la sélection.
    """
    if not requete.default_ordering or requete.order_by or requete.extra_order_by:
        return False
    if requete.distinct or requete.combinator:
        return False
    meta = requete.get_meta()
    return not (meta and meta.ordering)


@pytest.fixture(scope="session", autouse=True)
def routes_chargees_hors_du_temps_fige():
    """Charge l'URLconf (et les schémas pydantic de l'API) avant tout test.

    Sinon le premier test qui fait une requête sous ``freeze_time`` importe l'API pendant que ``datetime.date`` est
    remplacé par ``FakeDate`` : pydantic refuse ce type et le test échoue selon l'ordre tiré.
    """
    from django.urls import get_resolver

    assert get_resolver().url_patterns


@pytest.fixture(scope="session", autouse=True)
def requetes_sans_ordre_en_ordre_aleatoire():
    """Les requêtes sans ordre rendent leurs lignes dans un ordre aléatoire (``ORDER BY RANDOM()``).

    Technique de les-emplois : SQLite et PostgreSQL rendent le plus souvent les lignes d'une petite table
    dans l'ordre d'insertion, ce qui cache un sélecteur sans ``order_by`` dont l'écran dépend de l'ordre. En
    test, un tel ordre change d'une exécution à l'autre : le test qui en dépendait échoue. Les sélecteurs
    renvoient donc des requêtes ordonnées (``tests/test_coherence.py`` le vérifie).
    """
    from django.db.models.expressions import OrderBy
    from django.db.models.functions import Random
    from django.db.models.sql.compiler import SQLCompiler

    origine = SQLCompiler._order_by_pairs

    def _order_by_pairs(self):
        if _sans_aucun_ordre(self.query):
            yield OrderBy(Random()), False
            return
        yield from origine(self)

    SQLCompiler._order_by_pairs = _order_by_pairs
    yield
    SQLCompiler._order_by_pairs = origine


@pytest.fixture(autouse=True)
def boite_sms():
    """Les SMS envoyés pendant le test (``binome.core.sms.Memoire``), comme ``mail.outbox`` : vide au départ."""
    from binome.core import sms

    sms.boite.clear()
    yield sms.boite
    sms.boite.clear()


@pytest.fixture(autouse=True)
def cache_vide():
    """Le cache de Django est vide au début de chaque test : les compteurs de débit du flux d'abonnement (jetons
    inconnus par adresse, ``binome.agenda.debit``) d'un test ne bloquent pas le suivant (le test d'accès généré en
    essaie un par persona)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def personas(db):
    """Territoire (Cantal et Calvados), organisations et personas nommés."""
    return creer_personas()


@pytest.fixture
def client_de(client):
    """``client_de(utilisateur)`` : un client de test connecté sous cette identité."""

    def _connecter(utilisateur):
        client.force_login(utilisateur)
        return client

    return _connecter


@pytest.fixture
def serveur_smtp(settings):
    """Un vrai serveur SMTP (aiosmtpd) sur 127.0.0.1 et un port libre ; le backend SMTP de Django y envoie.

    ``serveur_smtp.recus`` : les messages reçus (``MessageRecu`` : enveloppe et message parsé avec
    ``email.policy.default``) ; ``serveur_smtp.messages`` : les seuls messages. Les autres tests gardent locmem.
    """
    from aiosmtpd.controller import Controller

    from tests.smtp import ServeurSmtp, port_libre

    serveur = ServeurSmtp(hote="127.0.0.1", port=port_libre())
    controleur = Controller(serveur, hostname=serveur.hote, port=serveur.port)
    controleur.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = serveur.hote
    settings.EMAIL_PORT = serveur.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield serveur
    finally:
        controleur.stop()
