"""Situation six mois après la sortie au tableau de bord et dans ``stats`` (issue 12, point 22), masquée pour le
pilote comme le reste."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from binome.accompagnement import enums as e
from binome.pilotage import tableau
from binome.pilotage.indicateurs import Periode
from binome.pilotage.selectors import perimetre_pour
from tests.pilotage.jeu import _parcours

pytestmark = pytest.mark.django_db
D = datetime.date
P = Periode(D(2025, 1, 1), D(2025, 12, 31))
MAINTENANT = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)


@pytest.fixture
def huit(personas):
    """8 sorties le 15/03/2025 (échéance du suivi le 15/09/2025) : 7 suivis faits, 5 en emploi, 6 améliorées ;
    une sortie en 2024 dont l'échéance tombe hors période."""
    for i in range(9):
        sortie = D(2025, 3, 15) if i < 8 else D(2024, 1, 10)
        p = _parcours(personas, f"S{i}", D(2023, 6, 1), sortie=sortie, motif=e.MotifSortie.EMPLOI_DURABLE)
        s = p.sortie
        s.suivi_6_mois_echeance = D(sortie.year, sortie.month + 6, sortie.day)
        if i < 7 or i == 8:
            s.suivi_6_mois_fait_le = s.suivi_6_mois_echeance + datetime.timedelta(days=3)
            s.emploi_6_mois = i < 5
            s.situation_amelioree_6_mois = i < 6
        s.save()


def _lignes(acteur):
    t = tableau.construire(perimetre_pour(acteur), e.Modalite.GLOBAL, P, date_donnees=MAINTENANT)
    section = next(s for s in t.sections if s.cle == "six_mois")
    return {ligne.cle: ligne for ligne in section.lignes}


def test_tableau_de_bord_admin_et_pilote(personas, huit):
    admin = _lignes(personas.admin)
    assert admin["suivi_6_mois_echeances"].valeur.texte == "8"
    assert admin["taux_suivi_6_mois_fait"].valeur.texte == "87,5\u00a0%"
    assert admin["taux_suivi_6_mois_fait"].detail == "7 sur 8"
    assert admin["part_emploi_6_mois"].detail == "5 sur 7"
    assert admin["part_situation_amelioree_6_mois"].detail == "6 sur 7"
    pilote = _lignes(personas.pilote)
    assert pilote["suivi_6_mois_echeances"].valeur.texte == "8"
    # 1 suivi non fait (petit effectif implicite) : « faits » est caché par complément, donc « s », et ses taux.
    assert (
        pilote["taux_suivi_6_mois_fait"].valeur.texte == "s" and pilote["taux_suivi_6_mois_fait"].detail == "s sur 8"
    )
    assert pilote["part_emploi_6_mois"].valeur.texte == "s"
    assert pilote["part_situation_amelioree_6_mois"].valeur.texte == "s"


def _stats(*options):
    sortie = StringIO()
    call_command("stats", "--departement", "15", "--du", "2025-01-01", "--au", "2025-12-31", *options, stdout=sortie)
    return sortie.getvalue()


def test_stats_exacte_et_masquee(personas, huit):
    exact = json.loads(_stats())["suivi_6_mois"]
    assert exact == {
        "echeances": 8,
        "faits": 7,
        "en_emploi": 5,
        "situation_amelioree": 6,
        "taux_realisation": 0.875,
        "part_en_emploi": 0.7143,
        "part_situation_amelioree": 0.8571,
    }
    masque = json.loads(_stats("--masquer"))["suivi_6_mois"]
    # « faits » (7) est caché : 1 non fait s'en déduirait ; 5 et 6 restent (leurs compléments ne se déduisent plus).
    assert masque == {
        "echeances": 8,
        "faits": "s",
        "en_emploi": 5,
        "situation_amelioree": 6,
        "taux_realisation": "s",
        "part_en_emploi": "s",
        "part_situation_amelioree": "s",
    }
    assert "Suivis à six mois arrivés à échéance" in _stats("--format", "texte")
