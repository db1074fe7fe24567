"""Origine des fichiers d'exemple de ``tests/echanges/fichiers/`` (committés tels quels, binaires compris) :
``python -m tests.echanges.fabriquer_fichiers`` les refait à l'identique.

- ``liste-caf-nouveaux-rsa.csv`` : liste CAF de nouveaux bénéficiaires du RSA comme l'exporte un tableur réglé en
  français sous Windows (cp1252, séparateur « ; », en-têtes accentués, dates JJ/MM/AAAA) ;
- ``extrait-france-travail.xlsx`` : extrait de demandeurs d'emploi dont l'en-tête (ligne 4) est précédé de lignes de
  titre ; colonnes nommées à la façon du logiciel (« Réf. demandeur », « Patronyme »…), à faire correspondre ;
  dates en cellules date d'Excel et en texte JJ/MM/AAAA ;
- ``liste-mauvaise.csv`` : une liste dont trois lignes sont fautives (date illisible, commune du Calvados, nom
  manquant) : refusée en entier.
"""

import datetime
from pathlib import Path

# Excel ne connaît pas les fuseaux : ses dates sont « naïves ».
_JOUR_EXCEL = datetime.datetime

DOSSIER = Path(__file__).resolve().parent / "fichiers"

CAF_ENTETE = (
    "Numéro allocataire;Nom;Prénom;Date de naissance;Sexe;Code INSEE;Commune;Adresse;"
    "État du droit;Date du statut;Motif"
)
CAF_LIGNES = [
    "1234567;Béraud;Hélène;14/02/1988;F;15187;Saint-Flour;3 rue des Lacs;Ouvert;01/11/2026;",
    "2345678;Lefèvre;François;03/07/1975;M;15014;Aurillac;12 avenue de la République;Suspendu;15/11/2026;"
    "Défaut de déclaration trimestrielle",
    "3456789;Gaillard;Anaïs;22/09/1996;F;15138;Murat;;Ouvert;20/11/2026;",
]

FT_TITRES = [["Extrait France Travail — demandeurs d'emploi du Cantal"], ["Édité le 01/12/2026"], []]
FT_ENTETE = ["Réf. demandeur", "Patronyme", "Prénom usuel", "Date naiss.", "Cne INSEE", "Tél.", "Mél"]
FT_LIGNES = [
    [
        "1234567A",
        "Vidal",
        "Mathilde",
        _JOUR_EXCEL(1990, 5, 17),
        "15187",
        "0612345678",
        "mathilde.vidal@exemple.fr",
    ],
    ["2345678B", "Roux", "Julien", "08/12/1982", "15014", "", ""],
]

MAUVAISE = [
    "Nom;Prénom;Date de naissance;Code INSEE",
    "Martin;Paul;31/02/1980;15187",
    "Durand;Léa;12/04/1991;14118",
    ";Sans-Nom;01/01/1970;15014",
    "Petit;Jeanne;05/05/1985;15138",
]


def fabriquer() -> None:
    from openpyxl import Workbook

    DOSSIER.mkdir(exist_ok=True)
    texte = "\r\n".join([CAF_ENTETE, *CAF_LIGNES]) + "\r\n"
    (DOSSIER / "liste-caf-nouveaux-rsa.csv").write_bytes(texte.encode("cp1252"))
    (DOSSIER / "liste-mauvaise.csv").write_bytes(("\r\n".join(MAUVAISE) + "\r\n").encode("cp1252"))
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Demandeurs"
    for ligne in [*FT_TITRES, FT_ENTETE, *FT_LIGNES]:
        feuille.append(ligne)
    for cellule in feuille["D"]:
        if isinstance(cellule.value, datetime.datetime):
            cellule.number_format = "DD/MM/YYYY"
    classeur.properties.created = _JOUR_EXCEL(2026, 12, 1)
    classeur.properties.modified = _JOUR_EXCEL(2026, 12, 1)
    classeur.save(DOSSIER / "extrait-france-travail.xlsx")


if __name__ == "__main__":
    fabriquer()
