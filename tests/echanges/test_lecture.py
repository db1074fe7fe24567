"""Lecture des listes reçues : encodages, séparateurs, ligne d'en-tête, dates, types et taille refusés."""

import datetime

import pytest

from binome.core.lecture_csv import FichierCSVRefuse
from binome.echanges.importation import champs, lecture
from tests.echanges.outils import fichier


def test_csv_caf_cp1252_point_virgule_en_tetes_accentues():
    tableau = lecture.lire(fichier("liste-caf-nouveaux-rsa.csv"))
    assert tableau.format == "csv"
    assert tableau.entetes[:4] == ["Numéro allocataire", "Nom", "Prénom", "Date de naissance"]
    assert "État du droit" in tableau.entetes
    numero, valeurs = tableau.lignes[0]
    assert numero == 2
    assert valeurs[1:3] == ["Béraud", "Hélène"]
    assert len(tableau.lignes) == 3


def test_xlsx_en_tete_apres_les_lignes_de_titre_et_dates_excel():
    tableau = lecture.lire(fichier("extrait-france-travail.xlsx"))
    assert tableau.format == "xlsx"
    assert tableau.ligne_entete == 4
    assert tableau.entetes[0] == "Réf. demandeur"
    (n1, v1), (n2, v2) = tableau.lignes
    assert (n1, n2) == (5, 6)
    assert champs.lire_date(v1[3]) == datetime.date(1990, 5, 17)  # cellule date d'Excel
    assert champs.lire_date(v2[3]) == datetime.date(1982, 12, 8)  # texte JJ/MM/AAAA


@pytest.mark.parametrize(
    ("contenu", "separateur"),
    [
        ("nom;prénom\r\nÉric;Zoé\r\n".encode("utf-8-sig"), "UTF-8 BOM"),
        ("nom,prénom\nÉric,Zoé\n".encode(), "UTF-8 virgule"),
        ("nom\tprénom\nÉric\tZoé\n".encode("cp1252"), "cp1252 tabulation"),
    ],
)
def test_encodages_et_separateurs(contenu, separateur):
    tableau = lecture.lire(contenu)
    assert tableau.entetes == ["nom", "prénom"], separateur
    assert tableau.lignes == [(2, ["Éric", "Zoé"])]


def test_csv_avec_lignes_de_titre():
    contenu = "Liste CAF du mois\r\n\r\nNom;Prénom;Né le\r\nRoux;Léa;01/02/1990\r\n".encode("cp1252")
    tableau = lecture.lire(contenu)
    assert tableau.ligne_entete == 3
    assert tableau.lignes == [(4, ["Roux", "Léa", "01/02/1990"])]


@pytest.mark.parametrize(
    ("valeur", "attendue"),
    [
        ("14/02/1988", datetime.date(1988, 2, 14)),
        ("4/2/1988", datetime.date(1988, 2, 4)),
        ("1988-02-14", datetime.date(1988, 2, 14)),
        ("1988-02-14 00:00:00", datetime.date(1988, 2, 14)),
        (32187, datetime.date(1988, 2, 14)),  # numéro de série d'Excel
        (datetime.datetime(1988, 2, 14, 0, 0), datetime.date(1988, 2, 14)),  # noqa: DTZ001 (dates d'Excel, naïves)
    ],
)
def test_dates(valeur, attendue):
    assert champs.lire_date(valeur) == attendue


@pytest.mark.parametrize("valeur", ["14/13/1988", "31/02/1980", "hier", "02-1988"])
def test_dates_illisibles(valeur):
    with pytest.raises(ValueError):
        champs.lire_date(valeur)


@pytest.mark.parametrize(
    ("contenu", "nom", "code"),
    [
        (b"", "vide.csv", "vide"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ancien.xls", "type"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.csv", "type"),
        (b"PK\x03\x04pas vraiment un classeur", "faux.xlsx", "xlsx"),
        (b"Nom;Pr\xc3\xa9nom\n", "entete.csv", "vide"),
        (b"Nom;Nom\nA;B\n", "doublon.csv", "entete"),
    ],
)
def test_fichiers_refuses_en_entier(contenu, nom, code):
    with pytest.raises(FichierCSVRefuse) as refus:
        lecture.lire(contenu, nom_fichier=nom)
    assert refus.value.code == code
    assert refus.value.messages[0][0].isupper()


def test_taille_maximale(monkeypatch):
    monkeypatch.setattr(lecture, "TAILLE_MAX", 10)
    with pytest.raises(FichierCSVRefuse, match="taille maximale"):
        lecture.lire(b"nom;prenom\nA;B\n")


def test_correspondance_proposee_par_les_noms_usuels_puis_l_enregistree():
    entetes = ["Numéro allocataire", "Nom", "Prénom", "Date de naissance", "Code INSEE", "Réf"]
    proposee = champs.proposer(entetes)
    assert proposee["numero_allocataire"] == "Numéro allocataire"
    assert proposee["date_naissance"] == "Date de naissance"
    assert "identifiant_ft" not in proposee
    assert champs.proposer(entetes, {"identifiant_ft": "Réf", "telephone": "Absente"})["identifiant_ft"] == "Réf"
    assert "telephone" not in champs.proposer(entetes, {"telephone": "Absente"})
