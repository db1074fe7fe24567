"""Exports du pilotage.

- Tableau de bord en CSV (UTF-8 avec BOM pour Excel, séparateur « ; », virgule décimale) et en XLSX
  (openpyxl) : exactement les valeurs de l'écran, masquées de la même façon pour le pilote, précédées du
  territoire, de la période, de la modalité, de la définition de la sortie positive et de la date des données.
- Extrait FSE+ participant par participant (``fse.py`` pour les règles de calcul).
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from binome.core.tableur import cellules_xlsx, ecrivain_csv
from binome.pilotage import actions_collectives, fse
from binome.pilotage.contenu_tableau import COLONNES_COMPARAISON, COLONNES_SERIE, DECIMAL, ENTIER, JOURS, TAUX, Tableau

BOM = "\ufeff"
FORMATS_XLSX = {ENTIER: "0", TAUX: "0.0%", JOURS: "0.0", DECIMAL: "0.00"}
UNITES = {ENTIER: "nombre", TAUX: "taux (0 à 1)", JOURS: "jours", DECIMAL: "nombre décimal"}


def _csv_nombre(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur
    if isinstance(valeur, bool):
        return "1" if valeur else "0"
    if isinstance(valeur, float):
        texte = f"{valeur:.4f}".rstrip("0").rstrip(".")
        return texte.replace(".", ",")
    return str(valeur)


def _v(valeur) -> tuple:
    """Cellule d'une ``Valeur`` : (valeur exportée, format)."""
    return valeur.pour_export, valeur.format


def _blocs(tableau: Tableau) -> list[tuple[str, list[str], list[list[tuple]]]]:
    """Les tableaux du tableau de bord : (titre, en-têtes, lignes de cellules (valeur, format ou None))."""
    blocs = [
        (
            _("Indicateurs"),
            [_("Rubrique"), _("Indicateur"), _("Valeur"), _("Unité"), _("Détail")],
            [
                [
                    (section.titre, None),
                    (ligne.libelle, None),
                    _v(ligne.valeur),
                    (UNITES[ligne.valeur.format], None),
                    (ligne.detail, None),
                ]
                for section in tableau.sections
                for ligne in section.lignes
            ],
        ),
        (
            _("Sorties par motif"),
            [_("Code"), _("Motif"), _("Compté comme sortie positive"), _("Sorties")],
            [
                [
                    (m["code"], None),
                    (m["libelle"], None),
                    (_("oui") if m["positif"] else _("non"), None),
                    _v(m["valeur"]),
                ]
                for m in tableau.motifs
            ],
        ),
        (
            _("Évolution mensuelle"),
            [_("Mois")] + [str(libelle) for _cle, libelle in COLONNES_SERIE],
            [
                [(ligne["mois"].strftime("%Y-%m"), None)] + [_v(ligne["valeurs"][cle]) for cle, _l in COLONNES_SERIE]
                for ligne in tableau.serie
            ],
        ),
    ]
    for comparaison in tableau.comparaisons:
        blocs.append(
            (
                comparaison.titre,
                [comparaison.colonne] + [str(libelle) for _cle, libelle in COLONNES_COMPARAISON],
                [
                    [(ligne["libelle"], None)] + [_v(ligne["valeurs"][cle]) for cle, _l in COLONNES_COMPARAISON]
                    for ligne in comparaison.lignes
                ],
            )
        )
    blocs += actions_collectives.blocs_export(tableau)
    blocs.append(
        (
            _("Définitions"),
            [_("Indicateur"), _("Définition")],
            [[(str(d["libelle"]), None), (str(d["definition"]), None)] for d in tableau.definitions],
        )
    )
    return blocs


def tableau_csv(tableau: Tableau) -> bytes:
    tampon = io.StringIO()
    ecrivain = ecrivain_csv(tampon, formater=_csv_nombre, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([_("Tableau de bord du pilotage de l'accompagnement global")])
    for libelle, valeur in tableau.entete():
        ecrivain.writerow([libelle, valeur])
    for titre, entetes, lignes in _blocs(tableau):
        ecrivain.writerow([])
        ecrivain.writerow([titre])
        ecrivain.writerow(entetes)
        for ligne in lignes:
            ecrivain.writerow([valeur for valeur, _format in ligne])
    return (BOM + tampon.getvalue()).encode("utf-8")


def _titre_feuille(titre: str, pris: set[str]) -> str:
    base = "".join(c for c in titre if c not in "[]:*?/\\")[:31]
    nom, n = base, 2
    while nom in pris:
        suffixe = f" {n}"
        nom, n = base[: 31 - len(suffixe)] + suffixe, n + 1
    pris.add(nom)
    return nom


def tableau_xlsx(tableau: Tableau) -> bytes:
    classeur = Workbook()
    classeur.remove(classeur.active)
    gras = Font(bold=True)
    pris: set[str] = set()
    for titre, entetes, lignes in _blocs(tableau):
        feuille = classeur.create_sheet(_titre_feuille(titre, pris))
        feuille.append(cellules_xlsx(feuille, [titre]))
        feuille.cell(row=1, column=1).font = gras
        for libelle, valeur in tableau.entete():
            feuille.append(cellules_xlsx(feuille, [libelle, valeur]))
        feuille.append([])
        feuille.append(cellules_xlsx(feuille, entetes))
        largeurs = {j: len(str(entete)) for j, entete in enumerate(entetes, start=1)}
        for j in largeurs:
            feuille.cell(row=feuille.max_row, column=j).font = gras
        for ligne in lignes:
            feuille.append(cellules_xlsx(feuille, [valeur for valeur, _format in ligne]))
            for j, (valeur, format_cellule) in enumerate(ligne, start=1):
                largeurs[j] = max(largeurs.get(j, 0), len(str(valeur if valeur is not None else "")))
                if format_cellule and isinstance(valeur, int | float):
                    feuille.cell(row=feuille.max_row, column=j).number_format = FORMATS_XLSX[format_cellule]
        for j, largeur in largeurs.items():
            feuille.column_dimensions[get_column_letter(j)].width = min(max(largeur + 2, 10), 80)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


# --- Extrait FSE+ ------------------------------------------------------------------------------------------------


def fse_csv(lignes: list[dict]) -> bytes:
    tampon = io.StringIO()
    ecrivain = ecrivain_csv(tampon, champs=fse.COLONNES, formater=_csv_nombre, delimiter=";", lineterminator="\r\n")
    ecrivain.writeheader()
    for ligne in lignes:
        ecrivain.writerow(ligne)
    return (BOM + tampon.getvalue()).encode("utf-8")


def fse_xlsx(lignes: list[dict], notice: list[tuple[str, str]]) -> bytes:
    classeur = Workbook(write_only=True)
    pris: set[str] = set()
    participants = classeur.create_sheet(_titre_feuille(pgettext("feuille de calcul", "Participants"), pris))
    participants.append(cellules_xlsx(participants, fse.COLONNES))
    for ligne in lignes:
        participants.append(cellules_xlsx(participants, [ligne[c] for c in fse.COLONNES]))
    feuille = classeur.create_sheet(_titre_feuille(pgettext("feuille de calcul", "Notice"), pris))
    for libelle, valeur in notice:
        feuille.append(cellules_xlsx(feuille, [libelle, valeur]))
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
