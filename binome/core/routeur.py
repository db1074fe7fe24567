"""Lectures du pilotage et des exports sur un réplica PostgreSQL en flux (facultatif, issue 17 « Échelle »).

Activé par ``DATABASE_REPLICA_URL`` (alias ``replica``, voir ``binome/settings.py``) ; sans lui, ce routeur n'est pas
déclaré et ``lecture_sur_replica()`` ne change rien. La couture est explicite : seules les lectures faites sous
``lecture_sur_replica()`` (gestionnaire de contexte ou décorateur, posé sur les vues et commandes du pilotage et
sur la production des exports) vont au réplica. Tout le reste, et toute écriture, reste sur ``default``.

Lecture de ses écritures : sous ``lecture_sur_replica()``, dès qu'une écriture passe par le routeur (``save``,
``update``, ``select_for_update``…), les lectures suivantes du même bloc reviennent au primaire ; une lecture faite
dans une transaction ouverte sur le primaire y reste aussi. Les écritures du journal des accès (ajout seul, jamais
relu par la page qui journalise) ne ramènent pas les lectures au primaire. Entre deux requêtes, le réplica peut
avoir le retard de la réplication (une fraction de seconde en flux) : c'est admis pour des agrégats et des exports.

Composition : ``RouteurJournal`` (``binome/confiance/routeur.py``) est déclaré avant celui-ci ; il répond pour les
tables du journal, ce routeur pour le reste. Le réplica n'est jamais migré (``allow_migrate``).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, router

ALIAS_REPLICA = "replica"
# Écritures qui n'obligent pas à relire sur le primaire : le journal des accès (tables nommées par leur étiquette,
# le socle n'importe pas ``confiance``).
ECRITURES_SANS_RELECTURE = frozenset({"confiance.entreejournal", "confiance.chainejournal"})


class _Bloc:
    """Un passage sous ``lecture_sur_replica()`` : a-t-il déjà écrit ?"""

    __slots__ = ("a_ecrit",)

    def __init__(self):
        self.a_ecrit = False


_bloc_courant: ContextVar[_Bloc | None] = ContextVar("binome_lecture_sur_replica", default=None)


@contextmanager
def lecture_sur_replica():
    """Les lectures du bloc (ou de la fonction décorée) vont au réplica s'il existe, jusqu'à la première écriture.

    ``with lecture_sur_replica(): ...`` ou ``@lecture_sur_replica()`` ; chaque appel a son propre état (variable de
    contexte : fils et appels imbriqués ne se mélangent pas).
    """
    jeton = _bloc_courant.set(_Bloc())
    try:
        yield
    finally:
        _bloc_courant.reset(jeton)


def _etiquette(modele) -> str:
    return f"{modele._meta.app_label}.{modele._meta.model_name}"


class RouteurReplica:
    def db_for_read(self, modele, **indices):
        bloc = _bloc_courant.get()
        if bloc is None or bloc.a_ecrit or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS if bloc is not None else None
        return ALIAS_REPLICA

    def db_for_write(self, modele, **indices):
        bloc = _bloc_courant.get()
        if bloc is not None and _etiquette(modele) not in ECRITURES_SANS_RELECTURE:
            bloc.a_ecrit = True
        # Explicite : un objet lu sur le réplica puis enregistré irait sinon vers sa base d'origine.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, objet1, objet2, **indices):
        bases = {objet1._state.db or DEFAULT_DB_ALIAS, objet2._state.db or DEFAULT_DB_ALIAS}
        return True if bases <= {DEFAULT_DB_ALIAS, ALIAS_REPLICA} else None

    def allow_migrate(self, db, app_label, model_name=None, **indices):
        return False if db == ALIAS_REPLICA else None


def base_de_lecture(modele) -> str:
    """L'alias où irait une lecture de ``modele`` ici et maintenant (diagnostic, tests)."""
    return router.db_for_read(modele)
