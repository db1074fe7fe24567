"""``manage.py envoyer_resumes [--date AAAA-MM-JJ]`` et la tâche planifiée ``envoyer_resumes``."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from binome.confiance.planification import TACHES_PLANIFIEES, Rythme
from binome.quotidien import taches
from tests.accompagnement.factories import personne_du
from tests.quotidien.faux_a_faire import installer


def _lancer(*arguments) -> str:
    sortie = io.StringIO()
    call_command("envoyer_resumes", *arguments, stdout=sortie, stderr=io.StringIO())
    return sortie.getvalue()


@pytest.mark.django_db
def test_la_commande_envoie_les_resumes_du_jour_demande_et_pas_deux_fois(personas, monkeypatch):
    a_faire = installer(monkeypatch)
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])

    sortie = _lancer("--date", "2026-12-07")

    assert "pour le lundi 7 décembre 2026" in sortie
    assert "1 résumé envoyé." in sortie
    assert len(mail.outbox) == 1
    sortie = _lancer("--date", "2026-12-07")
    assert "Aucun résumé envoyé." in sortie
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_une_date_invalide_est_refusee_en_francais():
    with pytest.raises(CommandError, match="Date invalide « 07/12/2026 » : attendu AAAA-MM-JJ"):
        _lancer("--date", "07/12/2026")


def test_la_tache_est_planifiee_chaque_jour():
    [entree] = [e for e in TACHES_PLANIFIEES if e.nom == "envoyer_resumes"]
    assert entree.tache is taches.envoyer_resumes
    assert entree.rythme == Rythme.QUOTIDIENNE


@pytest.mark.django_db
def test_la_tache_envoie_les_resumes_d_aujourd_hui(personas, monkeypatch):
    a_faire = installer(monkeypatch)
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])

    with freeze_time("2026-12-08 07:00"):  # un mardi
        assert taches.envoyer_resumes.call() == 1
        assert taches.envoyer_resumes.call() == 0
    with freeze_time("2026-12-12 07:00"):  # un samedi
        assert taches.envoyer_resumes.call() == 0
