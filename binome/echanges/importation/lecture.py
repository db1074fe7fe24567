"""Lecture d'une liste reçue (CSV ou XLSX) en un tableau : en-têtes et lignes numérotées comme dans le fichier.

- **Type et taille** : CSV ou XLSX reconnus au contenu (un XLSX est une archive ZIP), ``TAILLE_MAX`` au plus ;
- **CSV** : politique commune de ``binome.core.lecture_csv`` (UTF-8 avec ou sans BOM, UTF-16 avec BOM, sinon
  cp1252) ; séparateur « ; », « , » ou tabulation, reconnu sur les premières lignes (« ; » à égalité) ;
- **XLSX** : première feuille, valeurs calculées ; les dates Excel arrivent en dates ;
- **ligne d'en-tête** : la première des 20 premières lignes dont les cellules remplies sont des textes et sont au
  moins aussi nombreuses que la moitié de la ligne la plus remplie (les lignes de titre n'ont qu'une cellule).

Un fichier inutilisable lève ``FichierCSVRefuse`` (message en français), comme les autres imports.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from binome.core import lecture_csv
from binome.core.lecture_csv import FichierCSVRefuse

TAILLE_MAX = 5 * 1024 * 1024  # 5 Mo : des dizaines de milliers de lignes, bien au-delà d'une liste mensuelle
LIGNES_MAX = 20_000
LIGNES_EXAMINEES = 20
SEPARATEURS = (";", ",", "\t")
EXTENSIONS = (".csv", ".txt", ".xlsx")


@dataclass(frozen=True)
class Tableau:
    entetes: list[str]
    ligne_entete: int
    lignes: list[tuple[int, list]]  # (numéro de la ligne dans le fichier, valeurs dans l'ordre des en-têtes)
    format: str  # « csv » ou « xlsx »


def _texte(valeur) -> str:
    return "" if valeur is None else str(valeur).strip()


def ligne_entete(lignes: list[tuple[int, list]]) -> int:
    """Index (dans ``lignes``) de la ligne d'en-tête ; voir la docstring du module."""
    examinees = lignes[:LIGNES_EXAMINEES]
    plus_remplie = max((sum(1 for v in valeurs if _texte(v)) for _n, valeurs in examinees), default=0)
    for index, (_numero, valeurs) in enumerate(examinees):
        remplies = [v for v in valeurs if _texte(v)]
        if len(remplies) >= max(2, (plus_remplie + 1) // 2) and all(isinstance(v, str) for v in remplies):
            return index
    raise FichierCSVRefuse(
        _("Ligne d'en-tête introuvable : les %(n)s premières lignes ne portent pas de noms de colonnes.")
        % {"n": LIGNES_EXAMINEES},
        code="entete",
    )


def _separateur(texte: str) -> str:
    echantillon = texte.splitlines()[:LIGNES_EXAMINEES]
    comptes = {s: max((ligne.count(s) for ligne in echantillon), default=0) for s in SEPARATEURS}
    return max(SEPARATEURS, key=lambda s: comptes[s])  # à égalité, le premier : « ; »


def _lignes_csv(contenu: bytes) -> list[tuple[int, list]]:
    texte, _encodage = lecture_csv.decoder(contenu)
    if not texte.strip():
        raise FichierCSVRefuse(_("Le fichier est vide."), code="vide")
    fichier = lecture_csv.lire_csv(texte, taille_max=TAILLE_MAX * 2, separateur_impose=_separateur(texte))
    return [(1, fichier.entete), *((lue.numero, lue.valeurs) for lue in fichier.lignes)]


def _lignes_xlsx(contenu: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as erreur:
        raise FichierCSVRefuse(
            _("Le classeur Excel est illisible : enregistrez-le de nouveau au format .xlsx."), code="xlsx"
        ) from erreur
    try:
        feuille = classeur.worksheets[0]
        lignes = []
        for numero, valeurs in enumerate(feuille.iter_rows(values_only=True), start=1):
            valeurs = [v.strip() if isinstance(v, str) else v for v in valeurs]
            if any(v not in (None, "") for v in valeurs):
                lignes.append((numero, valeurs))
            if len(lignes) > LIGNES_MAX + LIGNES_EXAMINEES:
                break
        return lignes
    finally:
        classeur.close()


def lire(contenu: bytes, *, nom_fichier: str = "") -> Tableau:
    """Le tableau d'un fichier reçu ; ``FichierCSVRefuse`` s'il est inutilisable en entier."""
    if len(contenu) > TAILLE_MAX:
        raise FichierCSVRefuse(
            _("Le fichier dépasse la taille maximale de %(max)s : découpez-le en plusieurs fichiers.")
            % {"max": _("%(n)s Mo") % {"n": TAILLE_MAX // (1024 * 1024)}},
            code="taille",
        )
    if not contenu:
        raise FichierCSVRefuse(_("Le fichier est vide."), code="vide")
    est_xlsx = contenu.startswith(b"PK\x03\x04")
    if nom_fichier.lower().endswith(".xls") or contenu.startswith(b"\xd0\xcf\x11\xe0"):
        raise FichierCSVRefuse(
            _("Les classeurs Excel 97-2003 (.xls) ne sont pas lus : enregistrez le fichier au format .xlsx ou CSV."),
            code="type",
        )
    if not est_xlsx and b"\x00" in contenu[:4096] and not contenu.startswith(lecture_csv.BOM_UTF16):
        raise FichierCSVRefuse(
            _("Ce fichier n'est ni un CSV ni un classeur Excel (.xlsx)."),
            code="type",
        )
    lignes = _lignes_xlsx(contenu) if est_xlsx else _lignes_csv(contenu)
    if not lignes:
        raise FichierCSVRefuse(_("Le fichier est vide."), code="vide")
    index = ligne_entete(lignes)
    numero_entete, entetes = lignes[index]
    entetes = [_texte(e) for e in entetes]
    while entetes and not entetes[-1]:
        entetes.pop()
    donnees = [(n, list(v[: len(entetes)]) + [None] * (len(entetes) - len(v))) for n, v in lignes[index + 1 :]]
    if not donnees:
        raise FichierCSVRefuse(_("Le fichier ne contient que l'en-tête : aucune personne à importer."), code="vide")
    if len(donnees) > LIGNES_MAX:
        raise FichierCSVRefuse(
            _("Le fichier compte plus de %(n)s lignes : découpez-le en plusieurs fichiers.") % {"n": LIGNES_MAX},
            code="taille",
        )
    _controler_entetes(entetes, numero_entete)
    return Tableau(entetes=entetes, ligne_entete=numero_entete, lignes=donnees, format="xlsx" if est_xlsx else "csv")


def _controler_entetes(entetes: list[str], numero: int) -> None:
    vides = [str(i + 1) for i, e in enumerate(entetes) if not e]
    doublons = sorted({e for e in entetes if e and entetes.count(e) > 1})
    if vides or doublons:
        details = []
        if vides:
            details.append(_("colonnes sans nom : %(liste)s") % {"liste": ", ".join(vides)})
        if doublons:
            details.append(_("colonnes en double : %(liste)s") % {"liste": ", ".join(f"« {d} »" for d in doublons)})
        raise FichierCSVRefuse(
            _("En-tête (ligne %(n)s) refusé : %(detail)s.") % {"n": numero, "detail": " ; ".join(details)},
            code="entete",
        )


def en_texte(valeur) -> str:
    """Une cellule telle qu'affichée dans l'aperçu (date au format JJ/MM/AAAA)."""
    if isinstance(valeur, datetime.datetime | datetime.date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return _texte(valeur)
