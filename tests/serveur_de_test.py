"""Serveur des tests de bout en bout (``live_server``) : une requête à la fois quand la base est SQLite en mémoire.

Avec une base SQLite en mémoire, Django donne à tous les fils du serveur de test LA connexion du test
(``ThreadedWSGIServer.connections_override`` : une autre connexion ne verrait pas la même base). Depuis que les
compteurs du menu sont chargés après la page (htmx, ``quotidien:compteurs``), le navigateur envoie souvent deux
requêtes à la fois : la page suivante et les compteurs de la précédente. Sur une seule connexion sqlite3, leurs
curseurs se croisent : une page se rend avec une liste vide, ou les deux fils s'attendent sans fin (la CI s'est
arrêtée à 97 % sur ce blocage). Ce serveur garde un fil par connexion (le navigateur en ouvre plusieurs) mais
sérialise l'application, réponse comprise (fermée par le serveur WSGI), quand la connexion est partagée. Sur
PostgreSQL, chaque fil a sa connexion : rien ne change.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class _ReponseVerrouillee:
    """Le résultat WSGI, verrou tenu jusqu'à sa fermeture (une réponse en flux lit encore la base en itérant)."""

    def __init__(self, resultat, verrou):
        self._resultat = resultat
        self._verrou = verrou

    def __iter__(self):
        return iter(self._resultat)

    def close(self):
        try:
            fermer = getattr(self._resultat, "close", None)
            if fermer is not None:
                fermer()
        finally:
            self._verrou.release()


class ServeurDeTestSerialise(ThreadedWSGIServer):
    def set_app(self, application):
        if not self.connections_override:
            super().set_app(application)
            return
        verrou = threading.Lock()

        def application_serialisee(environ, start_response):
            verrou.acquire()
            try:
                resultat = application(environ, start_response)
            except BaseException:
                verrou.release()
                raise
            return _ReponseVerrouillee(resultat, verrou)

        super().set_app(application_serialisee)


def installer():
    LiveServerThread.server_class = ServeurDeTestSerialise
