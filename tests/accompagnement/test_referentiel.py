"""Chargement du référentiel de parcours (Carnet de bord)."""

import pytest

from binome.accompagnement import referentiel
from binome.accompagnement.enums import DomaineFrein, TypeElementReferentiel
from binome.accompagnement.models import ElementReferentiel
from binome.territoires.management.commands.charger_referentiels import ETAPES

pytestmark = pytest.mark.django_db

TABLE = "Référentiel de parcours (situations, objectifs, actions)"


def bilan(**compteurs):
    return {"creees": 0, "mises_a_jour": 0, "inchangees": 0, "supprimees": 0, "desactivees": 0, **compteurs}


def test_l_etape_est_declaree_dans_charger_referentiels():
    assert "binome.accompagnement.referentiel.charger" in ETAPES


def test_charger_est_idempotent_et_corrige_les_coquilles():
    assert referentiel.charger(progression=False) == {TABLE: bilan(creees=280)}
    nombres = {
        t: ElementReferentiel.objects.filter(type=t).count()
        for t in (TypeElementReferentiel.SITUATION, TypeElementReferentiel.OBJECTIF, TypeElementReferentiel.ACTION)
    }
    assert nombres == {"SITUATION": 88, "OBJECTIF": 58, "ACTION": 134}
    assert not ElementReferentiel.objects.filter(libelle__contains="Réaliseration").exists()
    assert not ElementReferentiel.objects.filter(libelle__contains="Ressourcess").exists()
    assert ElementReferentiel.objects.filter(libelle__startswith="Réalisation d’une demande pièce d’identité").exists()
    assert ElementReferentiel.objects.filter(libelle__contains="Trimestrielle des Ressources revenues").exists()

    assert referentiel.charger(progression=False) == {TABLE: bilan(inchangees=280)}
    assert ElementReferentiel.objects.count() == 280


def test_correspondance_theme_domaine_de_frein():
    referentiel.charger(progression=False)
    situations = ElementReferentiel.objects.filter(type=TypeElementReferentiel.SITUATION)
    assert set(situations.filter(theme_code="sante").values_list("domaine_frein", flat=True)) == {DomaineFrein.SANTE}
    assert set(situations.filter(theme_code="emploi").values_list("domaine_frein", flat=True)) == {""}
    assert situations.get(libelle="Aidant familial (s’occuper d’un proche)").domaine_frein == DomaineFrein.AIDANT
    assert ElementReferentiel.objects.get(libelle="Rompre l’isolement").domaine_frein == DomaineFrein.JUSTICE_ISOLEMENT


def test_un_element_retire_de_la_source_est_desactive_puis_reactive(tmp_path):
    fichier = tmp_path / "referentiel.csv"
    entete = "kind;theme_code;theme_label;label\n"
    permis = "situation(frein);mobilite;Mobilité;Pas de permis\n"
    demarche = "action;difficulte_administrative;Difficultés administratives;Réaliseration d’une  démarche\n"
    fichier.write_text(entete + permis + demarche, encoding="utf-8")
    assert referentiel.charger(progression=False, fichier=fichier) == {TABLE: bilan(creees=2)}
    assert ElementReferentiel.objects.filter(libelle="Réalisation d’une démarche").exists()

    fichier.write_text(entete + permis, encoding="utf-8")
    assert referentiel.charger(progression=False, fichier=fichier) == {
        TABLE: bilan(inchangees=1, mises_a_jour=1, desactivees=1)
    }
    assert ElementReferentiel.objects.get(actif=False).libelle == "Réalisation d’une démarche"

    fichier.write_text(entete + demarche, encoding="utf-8")
    assert referentiel.charger(progression=False, fichier=fichier) == {TABLE: bilan(mises_a_jour=2, desactivees=1)}
    assert ElementReferentiel.objects.get(actif=True).libelle == "Réalisation d’une démarche"


def test_type_inconnu_refuse(tmp_path):
    fichier = tmp_path / "referentiel.csv"
    fichier.write_text("kind;theme_code;theme_label;label\nfrein;mobilite;Mobilité;Pas de permis\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ligne 2"):
        referentiel.charger(progression=False, fichier=fichier)
    assert not ElementReferentiel.objects.exists()
