"""Lecture des fichiers CSV importés (tableurs) : une seule politique pour tous les imports de Binôme.

Utilisé par l'import des parcours (``binome.accompagnement.importation``) et par celui du tableur des
ressources (``binome.ressources.importation``) ; un futur import doit passer par ``lire_csv``.

Politique :

- **taille** : au plus ``taille_max`` octets, fixée par l'appelant ;
- **encodage** : UTF-16 si le fichier commence par sa marque d'ordre d'octets (BOM, export « texte
  Unicode » des tableurs) ; sinon UTF-8, avec ou sans BOM ; à défaut Windows-1252 (tableur réglé en
  français sous Windows). Des octets qu'aucun de ces encodages ne lit sont refusés ;
- **séparateur** : « ; » ou « , », celui qui revient le plus souvent dans la première ligne (l'en-tête) ;
  **à égalité, « ; »** (réglage des tableurs en français ; une égalité n'arrive en pratique qu'avec une
  seule colonne, où le choix est indifférent) ;
- **lignes** : numérotées comme dans le fichier (l'en-tête est la ligne 1 ; une valeur entre guillemets
  sur plusieurs lignes compte toutes ses lignes) ; les lignes vides ou faites de seuls séparateurs sont
  ignorées ; les espaces autour des noms de colonnes et des valeurs sont retirés ;
- **refus** : un fichier inutilisable en entier (trop gros, illisible, vide, binaire, mal formé) lève
  ``FichierCSVRefuse``, une ``ValidationError`` au message en français, avec un ``code`` : ``taille``,
  ``encodage``, ``vide``, ``binaire`` ou ``csv``.

Le module s'appelle ``lecture_csv`` pour ne pas masquer le module ``csv`` de la bibliothèque standard.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SEPARATEURS = (";", ",")
BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class FichierCSVRefuse(ValidationError):
    """Le fichier entier est inutilisable (taille, encodage, vide, binaire, CSV mal formé) : rien n'est importé."""


@dataclass(frozen=True)
class LigneLue:
    """Une ligne de données : son numéro dans le fichier (première ligne physique) et ses valeurs nettoyées."""

    numero: int
    valeurs: list[str]


@dataclass(frozen=True)
class FichierCSV:
    entete: list[str]
    lignes: list[LigneLue]
    encodage: str
    separateur: str


def decoder(contenu: bytes) -> tuple[str, str]:
    """(texte, encodage) selon la politique du module ; ``FichierCSVRefuse`` (code ``encodage``) sinon."""
    if contenu.startswith(BOM_UTF16):
        encodages = ("utf-16",)
    else:
        encodages = ("utf-8-sig", "cp1252")
    for encodage in encodages:
        try:
            return contenu.decode(encodage), encodage
        except UnicodeDecodeError as erreur:
            derniere = erreur
    ligne = contenu.count(b"\n", 0, derniere.start) + 1
    raise FichierCSVRefuse(
        _(
            "Le fichier n'est pas un texte lisible (caractère illisible ligne %(ligne)s). Depuis votre tableur, "
            "enregistrez-le au format « CSV UTF-8 »."
        )
        % {"ligne": ligne},
        code="encodage",
    ) from derniere


def separateur(premiere_ligne: str) -> str:
    """« ; » ou « , » : le plus fréquent dans la première ligne ; « ; » à égalité."""
    return ";" if premiere_ligne.count(";") >= premiere_ligne.count(",") else ","


def lire_csv(contenu: bytes | str, *, taille_max: int, separateur_impose: str | None = None) -> FichierCSV:
    """Lit ``contenu`` (octets d'un fichier, ou texte déjà décodé) selon la politique du module.

    ``separateur_impose`` : séparateur déjà reconnu par l'appelant (la tabulation des extraits de logiciels, ou
    un fichier dont l'en-tête est précédé de lignes de titre sans séparateur)."""
    taille = len(contenu.encode("utf-8") if isinstance(contenu, str) else contenu)
    if taille > taille_max:
        raise FichierCSVRefuse(
            _("Le fichier dépasse la taille maximale de %(max)s : découpez-le en plusieurs fichiers.")
            % {"max": _taille_lisible(taille_max)},
            code="taille",
        )
    if isinstance(contenu, str):
        texte, encodage = contenu.removeprefix("\ufeff"), "texte"
    else:
        texte, encodage = decoder(contenu)
    if not texte.strip():
        raise FichierCSVRefuse(_("Le fichier est vide."), code="vide")
    if "\x00" in texte:
        raise FichierCSVRefuse(
            _("Le fichier contient des caractères nuls : ce n'est pas un fichier CSV."), code="binaire"
        )
    choisi = separateur_impose or separateur(texte.splitlines()[0])
    # newline="" : le module csv gère lui-même les fins de ligne (\r, \n, \r\n), y compris dans une valeur.
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=choisi)
    lignes = []
    try:
        entete = [nom.strip() for nom in next(lecteur)]
        fin_precedente = lecteur.line_num
        for enregistrement in lecteur:
            numero = fin_precedente + 1
            fin_precedente = lecteur.line_num
            valeurs = [valeur.strip() for valeur in enregistrement]
            if any(valeurs):
                lignes.append(LigneLue(numero, valeurs))
    except csv.Error as erreur:
        raise FichierCSVRefuse(
            _("Fichier CSV mal formé ligne %(ligne)s : %(erreur)s") % {"ligne": lecteur.line_num, "erreur": erreur},
            code="csv",
        ) from erreur
    return FichierCSV(entete=entete, lignes=lignes, encodage=encodage, separateur=choisi)


def _taille_lisible(octets: int) -> str:
    if octets >= 1024 * 1024 and octets % (1024 * 1024) == 0:
        return _("%(n)s Mo") % {"n": octets // (1024 * 1024)}
    if octets >= 1024 and octets % 1024 == 0:
        return _("%(n)s ko") % {"n": octets // 1024}
    return _("%(n)s octets") % {"n": octets}
