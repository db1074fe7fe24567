"""Deux travailleurs en même temps, vraiment (PostgreSQL) : la réclamation unique fait qu'un seul résumé part."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from binome.quotidien import resumes, services
from binome.quotidien.models import ResumeEnvoye
from tests.accompagnement.factories import personne_du
from tests.quotidien.faux_a_faire import installer

LUNDI = datetime.date(2026, 12, 7)


@pytest.mark.django_db(transaction=True)
def test_deux_processus_simultanes_n_envoient_qu_un_resume(personas, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrence réelle : PostgreSQL seulement (SQLite sérialise les écritures)")
    a_faire = installer(monkeypatch)
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])
    depart = threading.Barrier(2)
    reclamer = services.resume_reclamer

    def reclamer_ensemble(**arguments):
        depart.wait(timeout=30)  # les deux ont préparé le même résumé ; ils le réclament en même temps
        return reclamer(**arguments)

    monkeypatch.setattr(services, "resume_reclamer", reclamer_ensemble)
    resultats = []

    def travailleur():
        try:
            resultats.append(resumes.envoyer_resume(personas.conseiller, LUNDI))
        finally:
            connections.close_all()

    fils = [threading.Thread(target=travailleur) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=60)

    assert sorted(resultats) == [False, True]
    assert len(mail.outbox) == 1
    assert ResumeEnvoye.objects.filter(utilisateur=personas.conseiller, date=LUNDI).count() == 1
