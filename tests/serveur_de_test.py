"""Serveur des tests de bout en bout (``live_server``) quand la base est SQLite en mémoire : un fil à la fois.

Avec une base SQLite en mémoire, Django donne à tous les fils du serveur de test LA connexion du test
(``ThreadedWSGIServer.connections_override`` : une autre connexion ne verrait pas la même base). Depuis que les
compteurs du menu sont chargés après la page (htmx, ``quotidien:compteurs``), le navigateur envoie souvent une
requête pendant qu'une autre s'exécute, et le test lit la base pendant que les compteurs se calculent. Deux fils sur
une même connexion sqlite3 se bloquent l'un l'autre : l'un tient le verrou de la connexion SQLite et attend le GIL
pour une fonction SQL écrite en Python (dates, expressions régulières de Django), l'autre tient le GIL et attend ce
verrou (la CI s'est arrêtée à 97 % sur ce blocage). Un verrou Python réentrant, partagé, sérialise donc :
- chaque requête du serveur, réponse comprise (rendue par le serveur WSGI, qui la ferme en dernier) ;
- chaque opération d'un curseur de CETTE connexion (exécution, lecture des lignes), pour le fil du test.
Attendre un verrou Python rend le GIL : plus de blocage croisé. Les autres connexions (tests de concurrence sur un
fichier SQLite, chaque fil la sienne) ne prennent jamais ce verrou : le tenir pendant qu'une connexion attend le
verrou d'écriture de SQLite empêcherait celle qui le tient de valider (« database is locked »). Sur PostgreSQL,
chaque fil a sa connexion et rien n'est installé.
"""

import sqlite3
import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db.backends.sqlite3.base import SQLiteCursorWrapper
from django.test.testcases import LiveServerThread

VERROU_BASE_PARTAGEE = threading.RLock()
# Connexions de Django données aux fils du serveur de test (la base en mémoire de chaque processus de test) ; leur
# connexion sqlite3 est lue à chaque opération : elle peut s'ouvrir après le démarrage du serveur.
_CONNEXIONS_PARTAGEES: list = []
_OPERATIONS_DE_CURSEUR = {
    "execute": SQLiteCursorWrapper.execute,
    "executemany": SQLiteCursorWrapper.executemany,
    "fetchone": sqlite3.Cursor.fetchone,
    "fetchmany": sqlite3.Cursor.fetchmany,
    "fetchall": sqlite3.Cursor.fetchall,
    "__next__": sqlite3.Cursor.__next__,
}


def _sous_verrou(operation):
    def operation_sous_verrou(curseur, *args, **kwargs):
        if not any(curseur.connection is connexion.connection for connexion in _CONNEXIONS_PARTAGEES):
            return operation(curseur, *args, **kwargs)
        with VERROU_BASE_PARTAGEE:
            return operation(curseur, *args, **kwargs)

    operation_sous_verrou.sous_verrou = True
    return operation_sous_verrou


def _verrouiller_les_curseurs_sqlite():
    if getattr(SQLiteCursorWrapper.execute, "sous_verrou", False):
        return
    for nom, operation in _OPERATIONS_DE_CURSEUR.items():
        setattr(SQLiteCursorWrapper, nom, _sous_verrou(operation))


class _ReponseVerrouillee:
    """Le résultat WSGI, verrou tenu jusqu'à sa fermeture (une réponse en flux lit encore la base en itérant)."""

    def __init__(self, resultat):
        self._resultat = resultat

    def __iter__(self):
        return iter(self._resultat)

    def close(self):
        try:
            fermer = getattr(self._resultat, "close", None)
            if fermer is not None:
                fermer()
        finally:
            VERROU_BASE_PARTAGEE.release()


class ServeurDeTestSerialise(ThreadedWSGIServer):
    def set_app(self, application):
        if not self.connections_override:
            super().set_app(application)
            return
        for connexion in self.connections_override.values():
            if not any(connexion is deja for deja in _CONNEXIONS_PARTAGEES):
                _CONNEXIONS_PARTAGEES.append(connexion)
        _verrouiller_les_curseurs_sqlite()

        def application_serialisee(environ, start_response):
            VERROU_BASE_PARTAGEE.acquire()
            try:
                resultat = application(environ, start_response)
            except BaseException:
                VERROU_BASE_PARTAGEE.release()
                raise
            return _ReponseVerrouillee(resultat)

        super().set_app(application_serialisee)


def installer():
    LiveServerThread.server_class = ServeurDeTestSerialise
