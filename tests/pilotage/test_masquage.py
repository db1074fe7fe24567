"""Secret statistique « < 5 » : règle primaire, compléments, déduction par différence ; pilote seulement."""

import datetime

import pytest

from binome.accompagnement import enums as e
from binome.pilotage import tableau
from binome.pilotage.indicateurs import Periode
from binome.pilotage.masquage import Grille, sensible
from binome.pilotage.selectors import perimetre_pour
from tests.pilotage.jeu import _parcours

D = datetime.date
P = Periode(D(2025, 1, 1), D(2025, 12, 31))
MAINTENANT = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)


# --- La grille, sans base de données ------------------------------------------------------------------------


def test_sensible():
    assert [sensible(n) for n in (0, 1, 4, 5, None)] == [False, True, True, False, False]


def test_primaire_et_zero_non_masque():
    g = Grille()
    g.effectif("a", 3)
    g.effectif("b", 0)
    g.effectif("c", 12)
    assert g.resoudre() == {"a"}


def test_une_seule_case_cachee_dans_une_ventilation_en_cache_une_autre():
    g = Grille()
    g.effectif("total", 20)
    for cle, n in (("x", 3), ("y", 7), ("z", 10), ("w", 0)):
        g.effectif(cle, n)
    g.relation("total", ["x", "y", "z", "w"])
    # x (3) se déduirait de 20 − 7 − 10 : on cache aussi la plus petite autre case non nulle (y).
    assert g.resoudre() == {"x", "y"}


def test_complement_implicite_de_1_a_4_masque_la_part():
    g = Grille()
    g.effectif("entrees", 10)
    g.effectif("rsa", 8)
    g.relation("entrees", ["rsa"])  # complément implicite : 2 non-bénéficiaires
    assert g.resoudre() == {"rsa"}


def test_complement_implicite_sain_ne_masque_rien_de_plus():
    g = Grille()
    g.effectif("entrees", 13)
    g.effectif("rsa", 3)
    g.relation("entrees", ["rsa"])  # 10 non-bénéficiaires, non affichés : rsa ne se déduit pas
    assert g.resoudre() == {"rsa"}


def test_a_defaut_d_autre_case_on_cache_le_total():
    g = Grille()
    g.effectif("positives", 5)
    g.effectif("ed", 2)
    g.effectif("formation", 3)
    g.relation("positives", ["ed", "formation"])
    assert g.resoudre() == {"ed", "formation"}
    g = Grille()
    g.effectif("sorties", 9)
    g.effectif("ed", 3)
    g.effectif("abandon", 0)
    g.relation("sorties", ["ed", "abandon"])  # reste implicite 6
    assert g.resoudre() == {"ed"}


def test_propagation_entre_relations():
    g = Grille()
    g.effectif("sorties", 8)
    g.effectif("positives", 5)
    g.effectif("autres", 3, implicite=True)
    g.effectif("ed", 5)
    g.effectif("abandon", 3)
    g.relation("sorties", ["ed", "abandon"])
    g.relation("positives", ["ed"])
    g.relation("autres", ["abandon"])
    g.relation("sorties", ["positives", "autres"])
    assert g.resoudre() == {"abandon", "ed", "positives"}


# --- Le tableau de bord -------------------------------------------------------------------------------------


@pytest.fixture
def douze(personas):
    """12 entrées le 10/03/2025 (3 RSA, 10 femmes, 2 hommes) ; 8 sorties le 15/09 (5 emploi durable, 3 abandons)."""
    parcours = []
    for i in range(12):
        sortie, motif = None, ""
        if i < 5:
            sortie, motif = D(2025, 9, 15), e.MotifSortie.EMPLOI_DURABLE
        elif i < 8:
            sortie, motif = D(2025, 9, 15), e.MotifSortie.ABANDON
        parcours.append(
            _parcours(
                personas,
                f"P{i}",
                D(2025, 3, 10),
                sortie=sortie,
                motif=motif,
                rsa=i in (0, 5, 9),
                sexe="H" if i in (10, 11) else "F",
                orientation=D(2025, 2, 20),
            )
        )
    return parcours


def _tableau(acteur, **filtres):
    return tableau.construire(perimetre_pour(acteur, **filtres), e.Modalite.GLOBAL, P, date_donnees=MAINTENANT)


def _lignes(t):
    return {ligne.cle: ligne.valeur for s in t.sections for ligne in s.lignes}


@pytest.mark.django_db
def test_le_pilote_voit_des_agregats_masques(personas, douze):
    t = _tableau(personas.pilote)
    assert t.masque is True
    v = _lignes(t)
    assert (v["entrees"].texte, v["sorties"].texte) == ("12", "8")
    # 4 en cours, 3 RSA, 2 hommes : masqués ; 10 femmes : masquées aussi (2 hommes se déduiraient).
    assert v["en_cours_fin_periode"].texte == "< 5"
    for cle in ("part_rsa", "part_hommes", "part_femmes"):
        assert v[cle].masque and v[cle].texte == "s", cle
    # 3 abandons masqués ; 5 emplois durables et les 5 sorties positives aussi (différence), donc le taux.
    motifs = {m["code"]: m["valeur"] for m in t.motifs}
    assert motifs["ABANDON"].texte == "< 5"
    assert motifs["EMPLOI_DURABLE"].texte == "s"
    assert v["sorties_positives"].texte == "s" and v["taux_sortie_positive"].texte == "s"
    # 0 n'est pas masqué.
    assert motifs["FORMATION"].texte == "0" and v["part_qpv"].texte == "0,0\u00a0%"
    # Série mensuelle : mars (12 entrées) visible, septembre (5 positives) masqué comme le total.
    mars, septembre = t.serie[2]["valeurs"], t.serie[8]["valeurs"]
    assert mars["entrees"].texte == "12" and septembre["sorties"].texte == "8"
    assert septembre["sorties_positives"].texte == "s"
    # Comparaison des agences : même règle.
    agence = t.comparaisons[0].lignes[0]["valeurs"]
    assert agence["entrees"].texte == "12" and agence["sorties_positives"].texte == "s"
    # Aucune valeur affichée n'expose un effectif de 1 à 4.
    for valeur in [*v.values(), *motifs.values(), *[c for ligne in t.serie for c in ligne["cellules"]]]:
        if valeur.format == tableau.ENTIER and not valeur.masque and valeur.nombre is not None:
            assert not sensible(valeur.nombre)


@pytest.mark.django_db
def test_l_administrateur_voit_les_valeurs_exactes(personas, douze):
    t = _tableau(personas.admin)
    assert t.masque is False
    v = _lignes(t)
    assert v["en_cours_fin_periode"].texte == "4"
    assert v["part_rsa"].texte == "25,0\u00a0%" and v["part_hommes"].texte == "16,7\u00a0%"
    assert v["taux_sortie_positive"].texte == "62,5\u00a0%"
    assert {m["code"]: m["valeur"].texte for m in t.motifs}["ABANDON"] == "3"
    assert not any(ligne.valeur.masque for s in t.sections for ligne in s.lignes)


@pytest.mark.django_db
def test_complement_d_une_part(personas):
    # 10 entrées dont 8 RSA : la part (80 %) révélerait 2 non-bénéficiaires.
    for i in range(10):
        _parcours(personas, f"R{i}", D(2025, 5, 2), rsa=i < 8)
    v = _lignes(_tableau(personas.pilote))
    assert v["entrees"].texte == "10"
    assert v["part_rsa"].texte == "s"
    assert _lignes(_tableau(personas.admin))["part_rsa"].texte == "80,0\u00a0%"


@pytest.mark.django_db
def test_resume_de_l_accueil_masque(personas, douze):
    r = tableau.resume(perimetre_pour(personas.pilote), aujourdhui=D(2025, 12, 31))
    textes = {ligne.cle: ligne.valeur.texte for ligne in r["lignes"]}
    # 8 sorties dont 3 non positives : le taux (62,5 %) révélerait ces 3 sorties, il est masqué.
    assert textes == {"entrees": "12", "en_cours_fin_periode": "< 5", "sorties": "8", "taux_sortie_positive": "s"}
    assert [marque for marque, _texte in r["legende"]] == ["< 5", "s"]


# --- Marque du secret : « < 5 » seulement pour un effectif réellement de 1 à 4 (issue 12, point 1) ---------


def _toutes_les_valeurs(t):
    valeurs = [ligne.valeur for s in t.sections for ligne in s.lignes]
    valeurs += [m["valeur"] for m in t.motifs]
    valeurs += [c for ligne in t.serie for c in ligne["cellules"]]
    valeurs += [c for comp in t.comparaisons for ligne in comp.lignes for c in ligne["cellules"]]
    return valeurs


@pytest.mark.django_db
def test_masquage_secondaire_porte_la_marque_s_et_jamais_un_faux_chiffre(personas, douze):
    t = _tableau(personas.pilote)
    v = _lignes(t)
    # 10 femmes, masquées pour protéger les 2 hommes : « s », pas « < 5 ».
    assert v["part_femmes"].texte == "s"
    detail_femmes = next(ligne.detail for s in t.sections for ligne in s.lignes if ligne.cle == "part_femmes")
    assert detail_femmes == "s sur 12"
    assert v["part_hommes"].texte == "s"  # une part n'est pas un effectif : jamais « < 5 »
    assert next(ligne.detail for s in t.sections for ligne in s.lignes if ligne.cle == "part_hommes") == "< 5 sur 12"
    motifs = {m["code"]: m["valeur"] for m in t.motifs}
    assert motifs["ABANDON"].texte == "< 5" and motifs["EMPLOI_DURABLE"].texte == "s"
    assert v["sorties_positives"].texte == "s" and v["taux_sortie_positive"].texte == "s"
    for valeur in _toutes_les_valeurs(t):
        if valeur.texte == "< 5":
            assert valeur.format == tableau.ENTIER and sensible(valeur.nombre), valeur
        assert valeur.texte_court in ("<5", "s") or not valeur.masque
    # La légende explique les deux marques.
    entete = dict(t.entete())
    assert "« s »" in " ".join(entete) and "« < 5 »" in " ".join(entete)
