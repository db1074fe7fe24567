"""Routeur du réplica (``binome.core.routeur``) : seules les lectures sous ``lecture_sur_replica()`` y vont, jusqu'à
la première écriture ; toute écriture va au primaire ; le réplica n'est jamais migré. La preuve sur un vrai
primaire et un vrai réplica PostgreSQL : ``tests/test_replica.py``."""

import threading

import pytest
from django.db import transaction

from binome.accompagnement.models import Parcours, Personne
from binome.confiance.models import ChaineJournal, EntreeJournal
from binome.core.routeur import ALIAS_REPLICA, RouteurReplica, lecture_sur_replica

routeur = RouteurReplica()


def test_hors_du_bloc_le_routeur_ne_dit_rien():
    assert routeur.db_for_read(Parcours) is None
    assert routeur.db_for_write(Parcours) == "default"


def test_dans_le_bloc_les_lectures_vont_au_replica_jusqu_a_la_premiere_ecriture():
    with lecture_sur_replica():
        assert routeur.db_for_read(Parcours) == ALIAS_REPLICA
        assert routeur.db_for_read(Personne) == ALIAS_REPLICA
        assert routeur.db_for_write(Personne) == "default"
        # Lecture de ses écritures : tout le reste du bloc lit le primaire.
        assert routeur.db_for_read(Parcours) == "default"
    assert routeur.db_for_read(Parcours) is None


def test_les_ecritures_du_journal_ne_ramenent_pas_les_lectures_au_primaire():
    with lecture_sur_replica():
        routeur.db_for_write(EntreeJournal)
        routeur.db_for_write(ChaineJournal)
        assert routeur.db_for_read(Parcours) == ALIAS_REPLICA


def test_le_decorateur_donne_un_etat_neuf_a_chaque_appel():
    @lecture_sur_replica()
    def lire(ecrire: bool) -> str:
        if ecrire:
            routeur.db_for_write(Parcours)
        return routeur.db_for_read(Parcours)

    assert lire(True) == "default"
    assert lire(False) == ALIAS_REPLICA
    assert routeur.db_for_read(Parcours) is None


def test_un_autre_fil_ne_voit_pas_le_bloc():
    vus = []
    with lecture_sur_replica():
        fil = threading.Thread(target=lambda: vus.append(routeur.db_for_read(Parcours)))
        fil.start()
        fil.join()
        assert routeur.db_for_read(Parcours) == ALIAS_REPLICA
    assert vus == [None]


@pytest.mark.django_db(transaction=True)
def test_une_lecture_dans_une_transaction_du_primaire_y_reste():
    with lecture_sur_replica():
        assert routeur.db_for_read(Parcours) == ALIAS_REPLICA
        with transaction.atomic():
            assert routeur.db_for_read(Parcours) == "default"
        assert routeur.db_for_read(Parcours) == ALIAS_REPLICA


def test_le_replica_n_est_jamais_migre_et_les_relations_sont_permises():
    assert routeur.allow_migrate(ALIAS_REPLICA, "accompagnement", "parcours") is False
    assert routeur.allow_migrate("default", "accompagnement", "parcours") is None
    lu_sur_le_replica, neuf = Personne(), Parcours()
    lu_sur_le_replica._state.db = ALIAS_REPLICA
    assert routeur.allow_relation(lu_sur_le_replica, neuf) is True
    autre = Personne()
    autre._state.db = "journal"
    assert routeur.allow_relation(autre, neuf) is None
