"""La liste des tâches planifiées : vérifiée au démarrage, seule source du planificateur et de
``planifier_taches_nocturnes`` (le planificateur lui-même : ``test_planificateur.py``)."""

import datetime
from unittest import mock

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import task

from binome.confiance import planification
from binome.confiance.planification import TACHES_PLANIFIEES, Rythme, TachePlanifiee, erreurs_planification


@task()
def _tache_de_test() -> int:
    return 0


@task()
def _tache_avec_argument(identifiant: int) -> int:
    return identifiant


def _ids(erreurs):
    return [e.id for e in erreurs]


def _verifications_binome():
    """Messages des vérifications système de Binôme (pytest-django perturbe exprès celle des gabarits)."""
    return [e for e in checks.run_checks() if e.id and e.id.startswith("binome.")]


def test_la_liste_du_depot_est_correcte():
    assert erreurs_planification(TACHES_PLANIFIEES) == []
    assert {e.nom for e in TACHES_PLANIFIEES} >= {"purge_rgpd", "purge_journal"}


def test_la_verification_est_enregistree_aupres_de_django():
    assert planification.verifier_planification in checks.registry.registry.get_checks()
    assert _verifications_binome() == []


def test_une_entree_qui_n_est_pas_une_tache_fait_echouer_la_verification():
    # Ce que produisait l'ancien chargement par nom : une fonction (ou un module) à la place de la tâche.
    liste = (TachePlanifiee("purge", _tache_de_test.func, Rythme.NOCTURNE),)
    assert _ids(erreurs_planification(liste)) == ["binome.E002"]
    with mock.patch.object(planification, "TACHES_PLANIFIEES", liste):
        erreurs = _verifications_binome()
    assert _ids(erreurs) == ["binome.E002"]
    assert all(e.is_serious() for e in erreurs)


def test_un_nom_en_double_fait_echouer_la_verification():
    liste = (
        TachePlanifiee("purge", _tache_de_test, Rythme.NOCTURNE),
        TachePlanifiee("purge", _tache_de_test, Rythme.QUOTIDIENNE),
    )
    assert _ids(erreurs_planification(liste)) == ["binome.E005"]


@pytest.mark.parametrize(
    ("entree", "attendu"),
    [
        ("purge_rgpd", ["binome.E001"]),
        (TachePlanifiee("purge", _tache_avec_argument, Rythme.NOCTURNE), ["binome.E003"]),
        (TachePlanifiee("purge", _tache_de_test, "hebdomadaire"), ["binome.E004"]),
        (TachePlanifiee("", _tache_de_test, Rythme.NOCTURNE), ["binome.E005"]),
        (TachePlanifiee("purge", _tache_de_test, Rythme.NOCTURNE, heure="07:00"), ["binome.E006"]),
        (
            TachePlanifiee("purge", _tache_de_test, Rythme.NOCTURNE, heure=datetime.time(7, tzinfo=datetime.UTC)),
            ["binome.E006"],
        ),
    ],
)
def test_les_autres_entrees_incorrectes(entree, attendu):
    assert _ids(erreurs_planification((entree,))) == attendu


def test_l_heure_vient_du_rythme_sauf_surcharge():
    assert Rythme.NOCTURNE.heure == datetime.time(2, 30)
    assert Rythme.QUOTIDIENNE.heure == datetime.time(7, 0)
    entree = TachePlanifiee("jour", _tache_de_test, Rythme.QUOTIDIENNE)
    assert entree.heure_de_passage == datetime.time(7, 0)
    tardive = TachePlanifiee("jour", _tache_de_test, Rythme.QUOTIDIENNE, heure=datetime.time(18, 15))
    assert tardive.heure_de_passage == datetime.time(18, 15)
    assert erreurs_planification((tardive,)) == []
    assert all(isinstance(r.heure, datetime.time) for r in Rythme)


class _Resultat:
    id = "identifiant"
    status = "READY"


def _enregistrer(enfile):
    def _enqueue(tache, *args, **kwargs):
        assert not args and not kwargs, "une tâche planifiée est mise en file sans argument"
        enfile.append(tache)
        return _Resultat()

    return mock.patch("django_tasks.base.Task.enqueue", autospec=True, side_effect=_enqueue)


@pytest.mark.django_db
def test_la_commande_met_en_file_exactement_les_taches_nocturnes_de_la_liste(capsys):
    attendues = [e.tache for e in TACHES_PLANIFIEES if e.rythme == Rythme.NOCTURNE]
    enfile = []
    with _enregistrer(enfile):
        call_command("planifier_taches_nocturnes")
    assert enfile == attendues
    sortie = capsys.readouterr().out
    for entree in TACHES_PLANIFIEES:
        assert (f"{entree.nom} : mise en file" in sortie) == (entree.rythme == Rythme.NOCTURNE)


@pytest.mark.django_db
def test_la_commande_suit_la_liste_et_son_rythme():
    liste = (
        TachePlanifiee("nuit", _tache_de_test, Rythme.NOCTURNE),
        TachePlanifiee("jour", _tache_de_test.using(priority=10), Rythme.QUOTIDIENNE),
    )
    enfile = []
    with mock.patch.object(planification, "TACHES_PLANIFIEES", liste), _enregistrer(enfile):
        call_command("planifier_taches_nocturnes")
        assert enfile == [liste[0].tache]
        call_command("planifier_taches_nocturnes", rythme="quotidienne")
        assert enfile == [liste[0].tache, liste[1].tache]


def test_la_commande_refuse_une_liste_incorrecte():
    liste = (TachePlanifiee("nuit", _tache_de_test.func, Rythme.NOCTURNE),)
    with mock.patch.object(planification, "TACHES_PLANIFIEES", liste), pytest.raises(CommandError, match="nuit"):
        call_command("planifier_taches_nocturnes")
