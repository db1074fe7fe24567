"""Le planificateur : une tâche due est mise en file une fois par jour, jamais deux, même à plusieurs.

Sur SQLite comme sur PostgreSQL (``DATABASE_URL=postgres://… pytest --create-db``). Les accès concurrents suivent
``test_journal_concurrence.py`` : un thread par planificateur, chacun avec sa connexion (sur SQLite, la base de
test copiée dans un fichier, ouverte avec les OPTIONS des réglages), et deux vrais processus ``planificateur``.
"""

import datetime
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks import task
from freezegun import freeze_time

from binome.confiance import planification
from binome.confiance.models import ExecutionPlanifiee
from binome.confiance.planificateur import passage, taches_dues
from binome.confiance.planification import FUSEAU, TACHES_PLANIFIEES, Rythme, TachePlanifiee
from tests.confiance.test_journal_concurrence import _dans_un_thread, _en_parallele, base_partagee

RACINE = Path(__file__).resolve().parents[2]
_executions: list[str] = []
_verrou = threading.Lock()


@task()
def _tache_comptee() -> None:
    with _verrou:
        _executions.append("comptee")


NUIT = TachePlanifiee("nuit", _tache_comptee, Rythme.NOCTURNE)
MATIN = TachePlanifiee("matin", _tache_comptee, Rythme.QUOTIDIENNE)
SOIR = TachePlanifiee("soir", _tache_comptee, Rythme.QUOTIDIENNE, heure=datetime.time(18, 0))
LISTE = (NUIT, MATIN, SOIR)


def a_paris(jour: str, heure: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{jour}T{heure}").replace(tzinfo=FUSEAU)


@pytest.fixture(autouse=True)
def _compteur_vide():
    _executions.clear()
    yield
    _executions.clear()


def _noms(compte_rendu, etat="mise en file"):
    return [m.nom for m in compte_rendu if m.etat == etat]


def test_heure_non_atteinte_rien_n_est_mis_en_file():
    assert taches_dues(a_paris("2027-01-04", "02:29"), liste=LISTE) == []
    assert taches_dues(a_paris("2027-01-04", "02:30"), liste=LISTE) == [NUIT]
    assert taches_dues(a_paris("2027-01-04", "06:59"), liste=LISTE) == [NUIT]
    assert taches_dues(a_paris("2027-01-04", "07:00"), liste=LISTE) == [NUIT, MATIN]
    assert taches_dues(a_paris("2027-01-04", "18:00"), liste=LISTE) == list(LISTE)


def test_l_heure_est_celle_de_paris_quel_que_soit_le_fuseau_de_l_horloge():
    # 01:45 UTC en hiver = 02:45 à Paris : la tâche de nuit est due ; 01:15 UTC = 02:15 : pas encore.
    assert taches_dues(datetime.datetime(2027, 1, 4, 1, 45, tzinfo=datetime.UTC), liste=LISTE) == [NUIT]
    assert taches_dues(datetime.datetime(2027, 1, 4, 1, 15, tzinfo=datetime.UTC), liste=LISTE) == []
    # Passage à l'heure d'été (28 mars 2027) : 02:30 n'existe pas, la tâche de nuit est due dès 03:00.
    assert taches_dues(datetime.datetime(2027, 3, 28, 1, 0, tzinfo=datetime.UTC), liste=LISTE) == [NUIT]


@pytest.mark.django_db
def test_heure_non_atteinte_aucune_reclamation():
    assert passage(maintenant=a_paris("2027-01-04", "02:00"), liste=LISTE) == []
    assert not ExecutionPlanifiee.objects.exists()
    assert _executions == []


@pytest.mark.django_db
def test_une_fois_par_jour_puis_le_lendemain():
    premier = passage(maintenant=a_paris("2027-01-04", "02:31"), par="a", liste=LISTE)
    assert _noms(premier) == ["nuit"] and _executions == ["comptee"]
    execution = ExecutionPlanifiee.objects.get()
    assert (execution.nom, execution.date, execution.par) == ("nuit", datetime.date(2027, 1, 4), "a")
    assert execution.resultat_id  # la tâche mise en file est retrouvable
    # Passages suivants du même jour : la nuit est déjà réclamée, le matin devient dû à 07:00.
    assert _noms(passage(maintenant=a_paris("2027-01-04", "03:00"), liste=LISTE), "déjà réclamée") == ["nuit"]
    assert _noms(passage(maintenant=a_paris("2027-01-04", "07:01"), liste=LISTE)) == ["matin"]
    assert _noms(passage(maintenant=a_paris("2027-01-04", "23:59"), liste=LISTE)) == ["soir"]
    assert len(_executions) == 3
    # Le lendemain, avant 02:30 : rien ; après : la tâche de nuit du nouveau jour.
    assert passage(maintenant=a_paris("2027-01-05", "00:10"), liste=LISTE) == []
    assert _noms(passage(maintenant=a_paris("2027-01-05", "02:45"), liste=LISTE)) == ["nuit"]
    assert ExecutionPlanifiee.objects.filter(nom="nuit").count() == 2


@pytest.mark.django_db
def test_un_passage_manque_est_rattrape_au_suivant():
    # Machine arrêtée de 01:00 à 09:12 : le premier passage après le redémarrage met en file la nuit et le matin.
    assert passage(maintenant=a_paris("2027-01-04", "01:00"), liste=LISTE) == []
    assert _noms(passage(maintenant=a_paris("2027-01-04", "09:12"), liste=LISTE)) == ["nuit", "matin"]
    assert _executions == ["comptee", "comptee"]


@pytest.mark.django_db
def test_une_mise_en_file_en_echec_rend_la_reclamation():
    with mock.patch.object(type(_tache_comptee), "enqueue", side_effect=RuntimeError("file indisponible")):
        assert _noms(passage(maintenant=a_paris("2027-01-04", "03:00"), liste=(NUIT,)), "échec") == ["nuit"]
    assert not ExecutionPlanifiee.objects.exists()
    assert _noms(passage(maintenant=a_paris("2027-01-04", "03:01"), liste=(NUIT,))) == ["nuit"]


@pytest.mark.django_db
def test_la_commande_manuelle_passe_par_la_meme_reclamation(capsys):
    with mock.patch.object(planification, "TACHES_PLANIFIEES", LISTE), freeze_time(a_paris("2027-01-04", "01:00")):
        call_command("planifier_taches_nocturnes")  # avant l'heure : l'exploitant avance la nuit
        call_command("planifier_taches_nocturnes")
        assert _noms(passage(liste=LISTE, maintenant=a_paris("2027-01-04", "02:30"))) == []
    assert _executions == ["comptee"]
    sortie = capsys.readouterr().out
    assert "nuit : mise en file" in sortie and "nuit : déjà réclamée" in sortie


@pytest.mark.django_db
def test_une_fois_ecrit_ce_qu_il_a_fait(capsys):
    with mock.patch.object(planification, "TACHES_PLANIFIEES", LISTE), freeze_time(a_paris("2027-01-04", "08:00")):
        call_command("planificateur", une_fois=True)
        call_command("planificateur", une_fois=True)
    sortie = capsys.readouterr().out
    assert sortie.count("mise en file") == 2 and sortie.count("déjà réclamée") == 2
    assert "soir" not in sortie
    with mock.patch.object(planification, "TACHES_PLANIFIEES", LISTE), freeze_time(a_paris("2027-01-04", "01:00")):
        call_command("planificateur", une_fois=True)
    assert "Aucune tâche due." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_planificateurs_simultanes_une_seule_mise_en_file(tmp_path):
    """Six planificateurs, chacun dans son thread avec sa connexion, au même instant : une réclamation, une tâche."""
    maintenant = a_paris("2027-01-04", "08:00")

    def planificateur(numero):
        return lambda: passage(maintenant=maintenant, par=f"planificateur-{numero}", liste=LISTE)

    with base_partagee(tmp_path):
        assert _en_parallele([planificateur(n) for n in range(6)]) == []
        lignes = _dans_un_thread(lambda: list(ExecutionPlanifiee.objects.values_list("nom", "date")))
    assert sorted(lignes) == [("matin", datetime.date(2027, 1, 4)), ("nuit", datetime.date(2027, 1, 4))]
    assert _executions == ["comptee", "comptee"]


_LANCEUR = """
import django, freezegun, sys
from django.core.management import call_command
with freezegun.freeze_time(sys.argv[1]):
    django.setup()
    call_command("planificateur", une_fois=True)
"""


def _environnement(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "TASKS_BACKEND"}}
    return {**env, "DJANGO_SETTINGS_MODULE": "binome.settings", "DEBUG": "1", "DATABASE_URL": url}


def _url_de_la_base() -> str:
    reglages = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{reglages['NAME']}"
    return (
        f"postgres://{reglages['USER']}:{reglages['PASSWORD'] or ''}@{reglages['HOST'] or '127.0.0.1'}"
        f":{reglages['PORT'] or 5432}/{reglages['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_deux_processus_une_fois_sur_la_meme_base(tmp_path):
    """Deux vrais ``planificateur --une-fois`` (moteur de tâches en base, celui de la production) à 08:00."""
    from django_tasks_db.models import DBTaskResult

    with base_partagee(tmp_path):
        url = _dans_un_thread(_url_de_la_base)
        commande = [sys.executable, "-c", _LANCEUR, "2027-01-04T07:00:00+00:00"]
        processus = [
            subprocess.Popen(commande, cwd=RACINE, env=_environnement(url), stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        sorties = [p.communicate(timeout=120)[0] for p in processus]
        assert [p.returncode for p in processus] == [0, 0]
        taches = _dans_un_thread(lambda: sorted(DBTaskResult.objects.values_list("task_path", flat=True)))
        reclamees = _dans_un_thread(lambda: sorted(ExecutionPlanifiee.objects.values_list("nom", flat=True)))
    attendues = sorted(e.nom for e in TACHES_PLANIFIEES if e.heure_de_passage <= datetime.time(8, 0))
    assert attendues and reclamees == attendues
    assert taches == sorted(e.tache.module_path for e in TACHES_PLANIFIEES if e.nom in attendues)
    assert "".join(sorties).count("mise en file") == len(attendues)


def test_la_boucle_survit_a_un_passage_en_echec_et_s_arrete_sur_sigint():
    appels = []

    def faux_passage(**kwargs):
        appels.append(kwargs)
        if len(appels) == 1:
            raise RuntimeError("base indisponible")
        os.kill(os.getpid(), signal.SIGINT)
        return []

    avant = signal.getsignal(signal.SIGINT)
    module = "binome.confiance.management.commands.planificateur"
    with mock.patch(f"{module}.passage", side_effect=faux_passage), mock.patch(f"{module}.close_old_connections"):
        call_command("planificateur", intervalle=0.01)
    assert len(appels) == 2
    assert signal.getsignal(signal.SIGINT) is avant


@pytest.mark.django_db(transaction=True)
def test_le_processus_s_arrete_proprement_sur_sigterm(tmp_path):
    with base_partagee(tmp_path):
        url = _dans_un_thread(_url_de_la_base)
        processus = subprocess.Popen(
            [sys.executable, "manage.py", "planificateur", "--intervalle", "0.2"],
            cwd=RACINE,
            env=_environnement(url),
            stderr=subprocess.PIPE,
            text=True,
        )
        for ligne in processus.stderr:
            if "Planificateur démarré" in ligne:
                break
        processus.send_signal(signal.SIGTERM)
        reste = processus.communicate(timeout=30)[1]
    assert processus.returncode == 0
    assert "Planificateur arrêté." in reste


def test_les_reclamations_restent_dans_la_base_principale_meme_avec_un_journal_a_part():
    from binome.confiance.routeur import RouteurJournal

    routeur = RouteurJournal()
    assert routeur.db_for_write(ExecutionPlanifiee) is None and routeur.db_for_read(ExecutionPlanifiee) is None
    assert routeur.allow_migrate("journal", "confiance", model_name="executionplanifiee") is False
    assert routeur.allow_migrate("default", "confiance", model_name="executionplanifiee") is None
