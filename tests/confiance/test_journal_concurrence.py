"""Accès concurrents : écrivains du journal des accès (sans trou ni doublon de rang, sans verrou global) et
requêtes simultanées sur SQLite (aucune erreur « database is locked »). Sur SQLite comme sur PostgreSQL.

Les threads ont chacun leur connexion. Sur PostgreSQL, c'est la base de test. Sur SQLite, la base de test en
mémoire (cache partagé : verrous de table, sans attente) ne représente pas une installation : elle est copiée
dans un fichier, que chaque thread ouvre avec les OPTIONS des réglages (WAL, IMMEDIATE, délai d'attente).
"""

import sqlite3
import threading
from collections import defaultdict
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from binome.confiance.journal import journaliser
from binome.confiance.models import Action, ChaineJournal, EntreeJournal
from binome.confiance.scellement import departement_de_chaine, nom_chaine
from binome.confiance.verification import verifier_chaine

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def base_partagee(tmp_path):
    if connection.vendor != "sqlite":
        yield
        return
    chemin = tmp_path / "concurrence.sqlite3"
    connection.ensure_connection()
    copie = sqlite3.connect(chemin)
    connection.connection.backup(copie)
    copie.close()
    reglages = connections.settings["default"]
    connections.settings["default"] = {**reglages, "NAME": str(chemin)}
    try:
        yield
    finally:
        connections.settings["default"] = reglages


def _en_parallele(fonctions) -> list[str]:
    """Lance chaque fonction dans son thread, toutes au même signal ; renvoie les erreurs."""
    erreurs, depart = [], threading.Barrier(len(fonctions))

    def lancer(fonction):
        try:
            depart.wait()
            fonction()
        except Exception as erreur:  # noqa: BLE001 — toute erreur fait échouer le test
            erreurs.append(repr(erreur))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lancer, args=(f,)) for f in fonctions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return erreurs


def _dans_un_thread(fonction):
    resultat = []
    assert _en_parallele([lambda: resultat.append(fonction())]) == []
    return resultat[0]


def _ecrivain(departement, n):
    def ecrire():
        for i in range(n):
            journaliser(action=Action.LECTURE, finalite="Concurrence", objet=("test", i), departement=departement)

    return ecrire


def _etat():
    rangs = defaultdict(list)
    for chaine, sequence in EntreeJournal.objects.order_by("chaine", "sequence").values_list("chaine", "sequence"):
        rangs[chaine].append(sequence)
    tetes = dict(ChaineJournal.objects.exclude(sequence=0).values_list("nom", "sequence"))  # sans les têtes vides
    return dict(rangs), tetes, verifier_chaine()


def test_ecrivains_concurrents_sans_trou_ni_doublon(tmp_path):
    """Trois écrivains sur le Cantal, deux sur le Calvados, deux sur la chaîne de la plateforme."""
    departements, n = ["15", "15", "15", "14", "14", "", ""], 12
    with base_partagee(tmp_path):
        assert _en_parallele([_ecrivain(d, n) for d in departements]) == []
        rangs, tetes, rapport = _dans_un_thread(_etat)
    # Sans requête ni acteur, les écrivains d'un même département partagent une chaîne (et s'y attendent).
    cantal, calvados, plateforme = nom_chaine("15"), nom_chaine("14"), nom_chaine("")
    assert rangs == {
        cantal: list(range(1, 3 * n + 1)),
        calvados: list(range(1, 2 * n + 1)),
        plateforme: list(range(1, 2 * n + 1)),
    }
    assert tetes == {cantal: 3 * n, calvados: 2 * n, plateforme: 2 * n}
    assert rapport.intacte, rapport.anomalies


def test_requetes_concurrentes_qui_journalisent(monde, tmp_path):
    """Plusieurs clients à la fois (lectures de dossier journalisées, pages d'accueil) : aucune erreur, chaque
    lecture a sa ligne dans le journal. Sur SQLite, c'est la preuve qu'il n'y a plus de « database is locked »."""
    p, n = monde.personas, 8
    dossiers = {
        p.conseiller: monde.cantal.personne.pk,
        p.travailleur_social: monde.cantal.personne.pk,
        p.conseiller_calvados: monde.calvados.personne.pk,
    }

    def lecteur(utilisateur, personne_pk):
        def lire():
            client = Client()
            client.force_login(utilisateur)
            url = reverse("confiance:consultations_personne", kwargs={"personne_pk": personne_pk})
            for _ in range(n):
                assert client.get(url).status_code == 200
                assert client.get(reverse("core:accueil")).status_code == 200

        return lire

    lecteurs = [lecteur(u, pk) for u, pk in dossiers.items() for _ in range(2)]
    with base_partagee(tmp_path):
        assert _en_parallele(lecteurs) == []
        rangs, _tetes, rapport = _dans_un_thread(_etat)
    # Chaque requête choisit une des chaînes de son département : dans chacune, des rangs sans trou ni doublon.
    par_departement = defaultdict(int)
    for chaine, sequences in rangs.items():
        assert sequences == list(range(1, len(sequences) + 1)), chaine
        par_departement[departement_de_chaine(chaine)] += len(sequences)
    assert par_departement == {"15": 2 * 2 * n, "14": 2 * n}
    assert rapport.intacte, rapport.anomalies
