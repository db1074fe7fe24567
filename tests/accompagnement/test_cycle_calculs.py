"""Calculs purs du cycle : mois calendaires, âge, fin prévue, jours suspendus, durée, suggestion."""

import datetime

import pytest

from binome.accompagnement import calculs
from binome.accompagnement.enums import Aspiration, DecisionDiagnostic, NiveauFrein, Qualification

D = datetime.date


@pytest.mark.parametrize(
    ("depart", "mois", "attendu"),
    [
        (D(2025, 3, 3), 12, D(2026, 3, 3)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2025, 11, 15), 2, D(2026, 1, 15)),
        (D(2025, 5, 10), 0, D(2025, 5, 10)),
    ],
)
def test_ajouter_mois(depart, mois, attendu):
    assert calculs.ajouter_mois(depart, mois) == attendu


def test_age_en_annees_revolues():
    assert calculs.age_a(D(1985, 6, 15), D(2025, 6, 14)) == 39
    assert calculs.age_a(D(1985, 6, 15), D(2025, 6, 15)) == 40
    assert calculs.age_a(None, D(2025, 6, 15)) is None


def test_fin_prevue_decalee_des_jours_suspendus_et_du_renouvellement():
    entree = D(2025, 3, 3)
    assert calculs.fin_prevue(entree, 12) == D(2026, 3, 3)
    assert calculs.fin_prevue(entree, 12, jours_suspendus=10) == D(2026, 3, 13)
    assert calculs.fin_prevue(entree, 12, renouvellement_mois=6) == D(2026, 9, 3)
    assert calculs.fin_prevue(entree, 9, renouvellement_mois=3, jours_suspendus=1) == D(2026, 3, 4)


def test_jours_et_duree():
    assert calculs.jours_entre(D(2025, 3, 1), D(2025, 3, 11)) == 10
    assert calculs.jours_entre(D(2025, 3, 1), D(2025, 3, 1)) == 0
    assert calculs.duree_jours(D(2025, 1, 1), D(2025, 12, 31), 30) == 334
    assert calculs.duree_jours(D(2025, 1, 1), D(2025, 1, 10), 0) == 9
    assert calculs.duree_jours(None, D(2025, 1, 10)) is None


FORT, MOYEN, SANS = NiveauFrein.FORT, NiveauFrein.MOYEN, NiveauFrein.SANS_IMPACT


@pytest.mark.parametrize(
    ("activite", "qualification", "aspiration", "niveaux", "attendu"),
    [
        # Rien de renseigné : pas de suggestion.
        (None, "", "", {}, ""),
        # Trois freins forts, pas d'activité récente : social exclusif.
        (False, "", "", {"SANTE": FORT, "LOGEMENT": FORT, "MOBILITE": FORT}, DecisionDiagnostic.SOCIAL_EXCLUSIF),
        (None, "", "", {"SANTE": FORT, "LOGEMENT": FORT, "MOBILITE": FORT}, DecisionDiagnostic.SOCIAL_EXCLUSIF),
        # Trois freins forts mais activité récente : global.
        (True, "", "", {"SANTE": FORT, "LOGEMENT": FORT, "MOBILITE": FORT}, DecisionDiagnostic.GLOBAL),
        # Un frein fort, ou deux moyens : global.
        (True, Qualification.QUALIFIANTE, "", {"MOBILITE": FORT, "SANTE": SANS}, DecisionDiagnostic.GLOBAL),
        (False, "", "", {"MOBILITE": MOYEN, "FAMILLE": MOYEN}, DecisionDiagnostic.GLOBAL),
        # Freins ponctuels : une modalité France Travail selon la distance à l'emploi.
        (
            True,
            Qualification.QUALIFIANTE,
            Aspiration.RETOUR_RAPIDE,
            {"MOBILITE": MOYEN},
            DecisionDiagnostic.FT_SUIVI,
        ),
        (
            True,
            Qualification.NON_QUALIFIANTE,
            Aspiration.RETOUR_RAPIDE,
            {"MOBILITE": SANS},
            DecisionDiagnostic.FT_GUIDE,
        ),
        (False, Qualification.QUALIFIANTE, Aspiration.PROJET_A_CONSTRUIRE, {}, DecisionDiagnostic.FT_GUIDE),
        (False, Qualification.NON_QUALIFIANTE, "", {"LOGEMENT": SANS}, DecisionDiagnostic.FT_RENFORCE),
    ],
)
def test_suggestion(activite, qualification, aspiration, niveaux, attendu):
    assert (
        calculs.suggerer_decision(
            activite_2_dernieres_annees=activite,
            qualification=qualification,
            aspiration=aspiration,
            niveaux_freins=niveaux,
        )
        == attendu
    )
