"""Au-delà d'une machine : deux planificateurs, deux travailleurs, une même base ; une tâche de nuit tourne une fois.

De vrais processus, ceux de la production : deux ``manage.py db_worker`` (django-tasks-db, file en base) qui
attendent du travail, puis deux ``planificateur --une-fois`` lancés ensemble à 03:00 (heure de Paris). Chaque
exécution d'une tâche laisse une ligne en base (un groupe nommé d'après la tâche et le processus qui l'a exécutée) :
le compte de ces lignes est le compte des exécutions. Sur PostgreSQL (``DATABASE_URL=postgres://… --create-db``,
second passage de ``.ci/run``), la base de test ; sur SQLite, la base de test copiée dans un fichier (les
travailleurs y prennent une tâche dans une transaction EXCLUSIVE, les planificateurs la réclament en IMMEDIATE).
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.contrib.auth.models import Group
from django_tasks import task

from binome.confiance.models import ExecutionPlanifiee
from binome.confiance.planification import Rythme, TachePlanifiee
from tests.confiance.test_journal_concurrence import _dans_un_thread, base_partagee
from tests.confiance.test_planificateur import RACINE, _environnement, _url_de_la_base

PREFIXE = "execution-nocturne"


def _executer(nom: str) -> None:
    # Effet de bord en base, une ligne par exécution : le nom porte la tâche et le processus du travailleur.
    Group.objects.create(name=f"{PREFIXE}:{nom}:{os.getpid()}")


@task()
def nuit_a() -> None:
    _executer("nuit_a")


@task()
def nuit_b() -> None:
    _executer("nuit_b")


@task()
def nuit_c() -> None:
    _executer("nuit_c")


LISTE = (
    TachePlanifiee("nuit_a", nuit_a, Rythme.NOCTURNE),
    TachePlanifiee("nuit_b", nuit_b, Rythme.NOCTURNE),
    TachePlanifiee("nuit_c", nuit_c, Rythme.NOCTURNE),
)

# Un planificateur de production dont la liste est celle de ce test ; l'heure figée à 03:00 à Paris (02:00 UTC).
_PLANIFICATEUR = """
import sys, time, django, freezegun
django.setup()
from unittest import mock
from django.core.management import call_command
from binome.confiance import planification
from tests.confiance.test_deux_travailleurs import LISTE
depart = float(sys.argv[1])
time.sleep(max(0.0, depart - time.time()))  # les deux planificateurs passent au même instant
with freezegun.freeze_time("2027-01-04T02:00:00+00:00"), mock.patch.object(planification, "TACHES_PLANIFIEES", LISTE):
    call_command("planificateur", une_fois=True)
"""


def _attendre(condition, *, delai: float, message: str):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        valeur = condition()
        if valeur:
            return valeur
        time.sleep(0.2)
    pytest.fail(message)


def _arreter(processus: list[subprocess.Popen]) -> None:
    for p in processus:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)  # db_worker finit la tâche en cours puis s'arrête
    for p in processus:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.mark.django_db(transaction=True)
def test_deux_travailleurs_deux_planificateurs_une_execution_par_tache(tmp_path):
    from django_tasks_db.models import DBTaskResult

    with base_partagee(tmp_path):
        env = _environnement(_dans_un_thread(_url_de_la_base))
        journaux = [tmp_path / f"travailleur-{n}.log" for n in (1, 2)]
        sorties_travailleurs = [journal.open("w") for journal in journaux]
        travailleurs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval",
                    "0.1",
                    "--worker-id",
                    f"travailleur-{n}",
                ],
                cwd=RACINE,
                env=env,
                stdout=sortie,
                stderr=subprocess.STDOUT,
            )
            for n, sortie in zip((1, 2), sorties_travailleurs, strict=True)
        ]
        try:
            # Les deux travailleurs interrogent la file avant que la moindre tâche y soit mise.
            _attendre(
                lambda: all("Starting worker" in j.read_text() for j in journaux),
                delai=90,
                message="Les travailleurs n'ont pas démarré : " + " | ".join(j.read_text()[-2000:] for j in journaux),
            )
            depart = time.time() + 3
            planificateurs = [
                subprocess.Popen(
                    [sys.executable, "-c", _PLANIFICATEUR, str(depart)],
                    cwd=RACINE,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            sorties = [p.communicate(timeout=120) for p in planificateurs]
            assert [p.returncode for p in planificateurs] == [0, 0], sorties

            def toutes_finies():
                etats = list(DBTaskResult.objects.values_list("status", flat=True))
                return len(etats) >= len(LISTE) and all(etat in {"SUCCESSFUL", "FAILED"} for etat in etats)

            _attendre(
                lambda: _dans_un_thread(toutes_finies),
                delai=90,
                message="Tâches non exécutées : " + " | ".join(j.read_text()[-2000:] for j in journaux),
            )
            time.sleep(1)  # une seconde exécution aurait le temps d'apparaître
        finally:
            _arreter(travailleurs)
            for sortie in sorties_travailleurs:
                sortie.close()
        assert [p.returncode for p in travailleurs] == [0, 0], [j.read_text()[-2000:] for j in journaux]
        executions = _dans_un_thread(
            lambda: sorted(Group.objects.filter(name__startswith=PREFIXE).values_list("name", flat=True))
        )
        resultats = _dans_un_thread(
            lambda: sorted(DBTaskResult.objects.values_list("task_path", "status", "worker_ids"))
        )
        reclamations = _dans_un_thread(lambda: sorted(ExecutionPlanifiee.objects.values_list("nom", "date")))

    noms = [e.nom for e in LISTE]
    # Une exécution par tâche, par un effet de bord en base : pas deux, pas zéro.
    assert sorted(execution.split(":")[1] for execution in executions) == noms
    assert {execution.split(":")[2] for execution in executions} <= {str(p.pid) for p in travailleurs}
    # Une réclamation par tâche et par jour, un seul résultat en file par tâche, exécuté une fois par un travailleur.
    assert [nom for nom, _ in reclamations] == noms and {str(date) for _, date in reclamations} == {"2027-01-04"}
    assert [(chemin.rsplit(".", 1)[1], etat) for chemin, etat, _ in resultats] == [(nom, "SUCCESSFUL") for nom in noms]
    assert all(len(ids) == 1 and ids[0] in {"travailleur-1", "travailleur-2"} for _, _, ids in resultats)
    assert "".join(s for s, _ in sorties).count("mise en file") == len(LISTE)
