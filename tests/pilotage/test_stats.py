"""``manage.py stats --format json`` : clés et valeurs contre le jeu calculé à la main."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from binome.pilotage.models import DefinitionSortiePositive
from tests.pilotage.jeu import ATTENDU, creer_jeu

pytestmark = pytest.mark.django_db

CLES_OBLIGATOIRES = {
    "entrees",
    "en_cours_fin_periode",
    "sorties",
    "sorties_par_motif",
    "sorties_positives",
    "taux_sortie_positive",
    "definition_sortie_positive",
    "duree_moyenne_jours",
    "part_rsa",
    "part_qpv",
    "part_femmes",
    "part_hommes",
}


def stats(*arguments) -> dict:
    sortie = StringIO()
    call_command("stats", *arguments, stdout=sortie)
    texte = sortie.getvalue()
    resultat = json.loads(texte)  # un seul objet JSON, rien d'autre
    assert isinstance(resultat, dict)
    return resultat


@pytest.fixture
def jeu(personas):
    return creer_jeu(personas)


def test_cles_et_valeurs_du_jeu(jeu):
    r = stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30", "--format", "json")
    assert CLES_OBLIGATOIRES <= set(r)
    for cle, attendu in ATTENDU.items():
        assert r[cle] == attendu, cle
    assert (r["departement"], r["modalite"], r["du"], r["au"]) == ("15", "global", "2025-01-01", "2025-06-30")
    assert r["definition_sortie_positive_par_defaut"] is True


def test_modalite_globale_par_defaut_et_social_exclusif(jeu):
    defaut = stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30")
    assert defaut["entrees"] == 5
    social = stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30", "--modalite", "social_exclusif")
    assert (social["entrees"], social["en_cours_fin_periode"], social["sorties"]) == (1, 1, 0)
    assert social["sorties_par_motif"] == {}
    assert social["taux_sortie_positive"] is None and social["duree_moyenne_jours"] is None
    assert (social["part_rsa"], social["part_qpv"], social["part_femmes"], social["part_hommes"]) == (
        1.0,
        0.0,
        1.0,
        0.0,
    )


def test_periode_vide(jeu):
    r = stats("--departement", "15", "--du", "2030-01-01", "--au", "2030-01-31", "--format", "json")
    assert (r["entrees"], r["sorties"], r["sorties_positives"]) == (0, 0, 0)
    assert r["sorties_par_motif"] == {}
    assert r["taux_sortie_positive"] is None
    assert r["duree_moyenne_jours"] is None
    assert r["part_rsa"] is None and r["part_qpv"] is None and r["part_femmes"] is None and r["part_hommes"] is None
    assert r["en_cours_fin_periode"] == 4  # C, D, F, G


def test_sortie_le_dernier_jour(jeu):
    # B sort le 30/06 : sortie de la période [1er juin, 30 juin], pas en cours à la fin.
    r = stats("--departement", "15", "--du", "2025-06-01", "--au", "2025-06-30")
    assert r["sorties"] == 1 and r["sorties_par_motif"] == {"FORMATION": 1}
    assert r["entrees"] == 1  # D, entrée le dernier jour
    assert r["en_cours_fin_periode"] == 4  # C, D, F, H (H sort le 1er juillet)
    # Un jour plus tôt, B est encore en cours et D pas encore entré.
    r = stats("--departement", "15", "--du", "2025-06-01", "--au", "2025-06-29")
    assert (r["sorties"], r["entrees"], r["en_cours_fin_periode"]) == (0, 0, 4)


def test_autre_departement_isole(jeu):
    r = stats("--departement", "14", "--du", "2025-01-01", "--au", "2025-06-30")
    assert (r["entrees"], r["en_cours_fin_periode"], r["sorties"]) == (1, 1, 0)


def test_definition_versionnee_changement_en_cours_de_periode(personas, jeu):
    dept = personas.cantal.departement
    DefinitionSortiePositive.objects.create(
        departement=dept,
        codes=["EMPLOI_DURABLE"],
        valable_a_partir_du=datetime.date(2020, 1, 1),
        auteur=personas.admin,
    )
    DefinitionSortiePositive.objects.create(
        departement=dept, codes=["FORMATION"], valable_a_partir_du=datetime.date(2025, 4, 1), auteur=personas.admin
    )
    # Période terminée avant le changement : première version ; sorties A et M (emploi durable) → 2/2.
    r = stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-03-31")
    assert r["definition_sortie_positive"] == ["EMPLOI_DURABLE"]
    assert (r["sorties"], r["sorties_positives"], r["taux_sortie_positive"]) == (2, 2, 1.0)
    # Période qui traverse le changement : la version en vigueur à la date de fin s'applique à toute la période.
    r = stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30")
    assert r["definition_sortie_positive"] == ["FORMATION"]
    assert r["definition_sortie_positive_valable_a_partir_du"] == "2025-04-01"
    assert (r["sorties"], r["sorties_positives"], r["taux_sortie_positive"]) == (4, 1, 0.25)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--departement", "99", "--du", "2025-01-01", "--au", "2025-01-31"], "Département inconnu"),
        (["--departement", "15", "--du", "2025-13-01", "--au", "2025-01-31"], "date invalide"),
        (["--departement", "15", "--du", "2025-02-01", "--au", "2025-01-31"], "doit précéder"),
    ],
)
def test_arguments_invalides(personas, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("stats", *arguments, stdout=StringIO())


# --- ``--masquer`` : ce que voit un pilote (issue 12, point 1) ---------------------------------------------------


def test_masquer_imprime_ce_que_voit_le_pilote(jeu):
    r = stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30", "--masquer")
    assert r["masque"] is True
    assert r["entrees"] == 5  # 5 n'est pas masqué
    assert (r["sorties"], r["en_cours_fin_periode"]) == ("< 5", "< 5")
    assert r["taux_sortie_positive"] == "s" and r["part_femmes"] == "s"  # dérivés d'une valeur cachée
    assert r["sorties_par_motif"]["EMPLOI_DURABLE"] == "< 5"
    assert set(r["secret_statistique"]["legende"]) == {"< 5", "s"}
    # Aucun effectif de 1 à 4 n'apparaît en clair ; aucune marque « < 5 » ne cache un effectif qui n'est pas de 1 à 4.
    exact = stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30")
    for cle, valeur in r.items():
        if isinstance(valeur, int) and not isinstance(valeur, bool) and cle not in ("conseillers", "referents"):
            assert not 0 < valeur < 5, cle
        if valeur == "< 5":
            assert 0 < exact[cle] < 5, cle
    # Sans --masquer : valeurs exactes, comme la documentation le dit.
    assert exact["sorties"] == 4 and exact["taux_sortie_positive"] == 0.75 and "secret_statistique" not in exact


def test_format_texte(jeu):
    sortie = StringIO()
    arguments = ["--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30", "--format", "texte"]
    call_command("stats", *arguments, "--masquer", stdout=sortie)
    texte = sortie.getvalue()
    assert "Taux de sortie positive (taux_sortie_positive) : s" in texte
    assert "Sorties (sorties) : < 5" in texte
    assert "« s » :" in texte
    sortie = StringIO()
    call_command("stats", *arguments, stdout=sortie)
    assert "Sorties (sorties) : 4" in sortie.getvalue()
