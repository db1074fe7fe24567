"""Extrait FSE+ en listes (issue 17 : CSV ≤ 2× son SQL) : ``fse.rangees`` lit des tuples (``values_list``) et relit
dans des tables les colonnes qui ne dépendent que d'une valeur ; le fichier reste octet pour octet celui du chemin de
référence ci-dessous (l'ancien calcul en dictionnaires, écrit par ``csv.DictWriter``), valeurs et types compris (un
1 n'est pas un True dans un classeur)."""

import datetime
import io
import itertools
import random

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from binome.accompagnement import enums as e
from binome.core import tableur
from binome.pilotage import exports, fse
from tests.pilotage.jeu import creer_jeu

D = datetime.date
PERIODE = "du=2024-01-01&au=2025-06-30"


def _optionnel(valeur):
    return "" if valeur is None else (1 if valeur else 0)


def _reference(p: dict, date_extraction: str) -> dict:
    """La ligne telle que la calculait l'extrait avant les listes (un dictionnaire par parcours de ``values()``)."""
    situation = p["situation_marche_travail_entree"]
    tranche = p["tranche_age_entree"]
    niveau = p["niveau_formation_entree"]
    population = p["commune_entree__population"]
    sorti = p["date_sortie"] is not None
    suivi = p["sortie__suivi_6_mois_fait_le"] is not None
    situation_sortie = (
        (p["sortie__situation_fse"] or fse.SITUATION_PAR_MOTIF.get(p["motif_sortie"], "")) if sorti else ""
    )
    chomeur = (e.SituationMarcheTravail.CHOMEUR, e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE)
    return {
        "identifiant_participant": fse.identifiant_participant(p["personne_id"]),
        "identifiant_operation_fse": p["fse_operation"],
        "departement": p["departement_id"],
        "date_entree": p["date_entree"].isoformat(),
        "date_sortie": p["date_sortie"].isoformat() if sorti else "",
        "sexe": p["sexe"],
        "tranche_age_entree": tranche,
        "EECO01": 1,
        "EECO02": 1 if situation in chomeur else 0,
        "EECO03": 1 if situation == e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE else 0,
        "EECO04": 1 if situation == e.SituationMarcheTravail.INACTIF else 0,
        "EECO05": 1 if situation == e.SituationMarcheTravail.EMPLOYE else 0,
        "EECO06": 1 if tranche == e.TrancheAge.MOINS_18 else 0,
        "EECO07": 1 if tranche in (e.TrancheAge.DE_18_A_25, e.TrancheAge.DE_26_A_29) else 0,
        "EECO08": 1 if tranche == e.TrancheAge.PLUS_55 else 0,
        "EECO09": 1 if niveau == e.NiveauFormation.CITE_0_2 else 0,
        "EECO10": 1 if niveau == e.NiveauFormation.CITE_3_4 else 0,
        "EECO11": 1 if niveau == e.NiveauFormation.CITE_5_8 else 0,
        "EECO13": 1 if p["nationalite_entree"] == e.Nationalite.HORS_UE else 0,
        "EECO16": 1 if p["sans_domicile_entree"] else 0,
        "EECO17": ""
        if p["commune_entree_id"] is None or population is None
        else (1 if population < fse.SEUIL_RURAL_HABITANTS else 0),
        "date_extraction": date_extraction,
        **dict.fromkeys(fse.NON_COLLECTES, ""),
        "sortie_renseignee": 1 if sorti else 0,
        **{code: (1 if situation_sortie == code else 0) if sorti else "" for code in fse.EECR[:4]},
        "suivi_6_mois_renseigne": 1 if suivi else 0,
        "EECR05": _optionnel(p["sortie__emploi_6_mois"]) if suivi else "",
        "EECR06": _optionnel(p["sortie__situation_amelioree_6_mois"]) if suivi else "",
    }


def _types(valeurs) -> list[tuple]:
    return [(valeur.__class__, valeur) for valeur in valeurs]


# Toutes les valeurs qu'un champ peut prendre (codes des référentiels, vides, cas limites), mélangées ensuite.
VALEURS = {
    "pk": [1],
    "personne_id": [1, 42, 10**9],
    "fse_operation": ["202400123", "", "=SOMME(A1)"],
    "departement_id": ["15", "2A"],
    "date_entree": [D(2024, 2, 29)],
    "date_sortie": [None, D(2025, 1, 31)],
    "motif_sortie": ["", *e.MotifSortie.values],
    "sexe": ["F", "H", ""],
    "tranche_age_entree": ["", *e.TrancheAge.values],
    "situation_marche_travail_entree": ["", None, *e.SituationMarcheTravail.values],
    "niveau_formation_entree": ["", *e.NiveauFormation.values],
    "nationalite_entree": ["", *e.Nationalite.values],
    "sans_domicile_entree": [True, False, None],
    "commune_entree_id": [None, "15187"],
    "commune_entree__population": [None, 0, fse.SEUIL_RURAL_HABITANTS - 1, fse.SEUIL_RURAL_HABITANTS],
    "sortie__situation_fse": [None, "", *e.SituationSortieFSE.values],
    "sortie__suivi_6_mois_fait_le": [None, D(2025, 8, 1)],
    "sortie__emploi_6_mois": [None, True, False],
    "sortie__situation_amelioree_6_mois": [None, True, False],
}


def test_chaque_rangee_est_la_ligne_de_reference_dans_l_ordre_des_colonnes():
    assert list(VALEURS) == list(fse.CHAMPS)
    hasard = random.Random(17)
    identifiant = fse._identifiants(settings.SECRET_KEY.encode())
    # Valeurs (classeur, dictionnaires) et cellules écrites du CSV (neutralisées, mises en forme).
    tables, tables_csv = fse._Tables(), fse._Tables(exports.cellule_csv)
    # Toutes les sorties possibles (motif, situation, suivi), puis des tirages pour le reste ; les tables se
    # remplissent au fil des lignes, comme pendant un export.
    sorties = itertools.product(
        VALEURS["date_sortie"],
        VALEURS["motif_sortie"],
        VALEURS["sortie__situation_fse"],
        VALEURS["sortie__suivi_6_mois_fait_le"],
        VALEURS["sortie__emploi_6_mois"],
        VALEURS["sortie__situation_amelioree_6_mois"],
    )
    for sortie in itertools.chain(sorties, itertools.repeat(None, 2000)):
        p = {champ: hasard.choice(valeurs) for champ, valeurs in VALEURS.items()}
        if sortie is not None:
            p |= dict(zip(["date_sortie", "motif_sortie", *fse.CHAMPS[-4:]], sortie, strict=True))
        attendu = [_reference(p, "2026-12-06")[colonne] for colonne in fse.COLONNES]
        assert _types(fse.rangee(tuple(p.values()), "2026-12-06", identifiant, tables)) == _types(attendu), p
        cellules = fse.rangee(tuple(p.values()), "2026-12-06", identifiant, tables_csv)
        assert cellules == [exports._csv_nombre(tableur.neutraliser(valeur)) for valeur in attendu], p


@pytest.mark.parametrize("longueur", [1, 50, 63, 64, 65, 200])
def test_identifiant_d_un_export_celui_de_identifiant_participant(longueur):
    cle = bytes(range(256))[:longueur]
    identifiant = fse._identifiants(cle)
    for personne_pk in (1, 42, 10**12):
        assert identifiant(personne_pk) == fse.identifiant_participant(personne_pk, cle=cle)


@pytest.fixture
def jeu(personas):
    from binome.organisations.models import ConventionFSE

    # Tous les parcours du Cantal cofinancés, par une opération au nom dangereux (neutralisé dans le fichier).
    ConventionFSE.objects.create(departement_id="15", date_debut=D(2020, 1, 1), identifiant_operation="=2024")
    jeu = creer_jeu(personas)
    jeu["A"].sortie.suivi_6_mois_fait_le = D(2025, 9, 20)
    jeu["A"].sortie.emploi_6_mois = True
    jeu["A"].sortie.save()
    return jeu


def _reference_des_parcours(date_extraction: str) -> list[dict]:
    from binome.accompagnement.models import Parcours

    parcours = Parcours.objects.filter(departement_id="15", modalite=e.Modalite.GLOBAL)
    return [
        _reference(p, date_extraction) for p in fse.participants(parcours, fse.Periode(D(2024, 1, 1), D(2025, 6, 30)))
    ]


@pytest.mark.django_db
def test_extrait_csv_octet_pour_octet_celui_de_reference(personas, client_de, jeu):
    contenu = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}").getvalue()
    date_extraction = contenu.split(b"\r\n")[1].rsplit(b";", 1)[1].decode()
    lignes = _reference_des_parcours(date_extraction)
    assert len(lignes) >= 8 and {ligne["identifiant_operation_fse"] for ligne in lignes} == {"=2024"}
    tampon = io.StringIO()
    tampon.write(tableur.BOM)
    ecrivain = tableur.ecrivain_csv(tampon, champs=fse.COLONNES, formater=exports._csv_nombre, **exports.OPTIONS_CSV)
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    assert contenu == tampon.getvalue().encode()


@pytest.mark.django_db
def test_extrait_xlsx_memes_cellules_que_la_reference(personas, client_de, jeu):
    contenu = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}&format=xlsx").getvalue()
    feuille = load_workbook(io.BytesIO(contenu))["Participants"]
    lues = [[(c.value, c.data_type, c.quotePrefix) for c in rangee] for rangee in feuille.iter_rows()]
    lignes = _reference_des_parcours(lues[1][-1][0])
    classeur = tableur.classeur_en_flux()
    reference = classeur.create_sheet("Participants")
    reference.append(tableur.cellules_xlsx(reference, fse.COLONNES))
    for ligne in lignes:
        reference.append(tableur.cellules_xlsx(reference, [ligne[c] for c in fse.COLONNES]))
    attendu = load_workbook(tableur.fichier_xlsx(classeur))["Participants"]
    assert lues == [[(c.value, c.data_type, c.quotePrefix) for c in rangee] for rangee in attendu.iter_rows()]
