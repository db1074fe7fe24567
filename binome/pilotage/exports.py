"""Exports du pilotage.

- Tableau de bord en CSV (UTF-8 avec BOM pour Excel, séparateur « ; », virgule décimale) et en XLSX
  (openpyxl) : exactement les valeurs de l'écran, masquées de la même façon pour le pilote, précédées du
  territoire, de la période, de la modalité, de la définition de la sortie positive et de la date des données.
- Extrait FSE+ participant par participant (``fse.py`` pour les règles de calcul).

En flux (issue 17 « Échelle ») : les CSV sont des générateurs d'octets (``binome.core.tableur.flux_csv``), les XLSX
des classeurs en écriture seule enregistrés dans un fichier temporaire (``binome.core.tableur.fichier_xlsx``) ; aucun
fichier entier n'est construit en mémoire, et l'extrait FSE+ lit les parcours par paquets.
"""

import itertools
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from binome.core.tableur import cellules_xlsx, classeur_en_flux, fichier_xlsx, flux_csv, neutraliser
from binome.pilotage import actions_collectives, fse
from binome.pilotage.contenu_tableau import COLONNES_COMPARAISON, COLONNES_SERIE, DECIMAL, ENTIER, JOURS, TAUX, Tableau

OPTIONS_CSV = {"delimiter": ";", "lineterminator": "\r\n"}
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


def _lignes_tableau_csv(tableau: Tableau) -> Iterator[list]:
    yield [_("Tableau de bord du pilotage de l'accompagnement global")]
    for libelle, valeur in tableau.entete():
        yield [libelle, valeur]
    for titre, entetes, lignes in _blocs(tableau):
        yield []
        yield [titre]
        yield entetes
        for ligne in lignes:
            yield [valeur for valeur, _format in ligne]


def tableau_csv(tableau: Tableau) -> Iterator[bytes]:
    """Le tableau de bord en CSV, par morceaux d'octets (``StreamingHttpResponse``)."""
    return flux_csv(_lignes_tableau_csv(tableau), formater=_csv_nombre, **OPTIONS_CSV)


def _titre_feuille(titre: str, pris: set[str]) -> str:
    base = "".join(c for c in titre if c not in "[]:*?/\\")[:31]
    nom, n = base, 2
    while nom in pris:
        suffixe = f" {n}"
        nom, n = base[: 31 - len(suffixe)] + suffixe, n + 1
    pris.add(nom)
    return nom


def _largeurs(entetes, lignes) -> dict[int, int]:
    """Largeur de chaque colonne (en caractères), connue avant d'écrire : un classeur en écriture seule l'exige."""
    largeurs = {j: len(str(entete)) for j, entete in enumerate(entetes, start=1)}
    for ligne in lignes:
        for j, (valeur, _format) in enumerate(ligne, start=1):
            largeurs[j] = max(largeurs.get(j, 0), len(str(valeur if valeur is not None else "")))
    return largeurs


def _format_nombre(valeur, format_cellule) -> str | None:
    return FORMATS_XLSX[format_cellule] if format_cellule and isinstance(valeur, int | float) else None


def tableau_xlsx(tableau: Tableau):
    """Le tableau de bord en XLSX : un fichier temporaire rembobiné (``FileResponse``)."""
    classeur = classeur_en_flux()
    gras = Font(bold=True)
    pris: set[str] = set()
    for titre, entetes, lignes in _blocs(tableau):
        feuille = classeur.create_sheet(_titre_feuille(titre, pris))
        for j, largeur in _largeurs(entetes, lignes).items():
            feuille.column_dimensions[get_column_letter(j)].width = min(max(largeur + 2, 10), 80)
        feuille.append(cellules_xlsx(feuille, [titre], police=gras))
        for libelle, valeur in tableau.entete():
            feuille.append(cellules_xlsx(feuille, [libelle, valeur]))
        feuille.append([])
        feuille.append(cellules_xlsx(feuille, entetes, police=gras))
        for ligne in lignes:
            valeurs = [valeur for valeur, _format in ligne]
            feuille.append(cellules_xlsx(feuille, valeurs, formats=[_format_nombre(v, f) for v, f in ligne]))
    return fichier_xlsx(classeur)


# --- Extrait FSE+ ------------------------------------------------------------------------------------------------


def cellule_csv(valeur):
    """La cellule qu'écrit ``flux_csv(formater=_csv_nombre)`` : neutralisée, puis mise en forme."""
    return _csv_nombre(neutraliser(valeur))


def fse_csv(rangees: Iterable[list]) -> Iterator[bytes]:
    """L'extrait FSE+ en CSV, par morceaux d'octets : l'en-tête ``fse.COLONNES`` puis ``rangees``, parcourues une
    fois : ``fse.rangees(…, cellule=cellule_csv)``, des listes de cellules déjà écrites comme le ferait ``flux_csv``
    (le coût d'un export est la mise en forme cellule par cellule : ici, une fois par valeur distincte)."""
    entete = [cellule_csv(nom) for nom in fse.COLONNES]
    return flux_csv(itertools.chain([entete], rangees), pretes=True, **OPTIONS_CSV)


def fse_xlsx(rangees: Iterable[list], notice: list[tuple[str, str]]):
    """L'extrait FSE+ en XLSX (écriture seule) : un fichier temporaire rembobiné (``FileResponse``)."""
    classeur = classeur_en_flux()
    pris: set[str] = set()
    participants = classeur.create_sheet(_titre_feuille(pgettext("feuille de calcul", "Participants"), pris))
    participants.append(cellules_xlsx(participants, fse.COLONNES))
    for rangee in rangees:
        participants.append(cellules_xlsx(participants, rangee))
    feuille = classeur.create_sheet(_titre_feuille(pgettext("feuille de calcul", "Notice"), pris))
    for libelle, valeur in notice:
        feuille.append(cellules_xlsx(feuille, [libelle, valeur]))
    return fichier_xlsx(classeur)
