"""Analyse du fichier CSV d'import des parcours existants (format : ``docs/import-parcours.md``).

Ce module ne touche pas à la base : il lit le fichier (encodage, taille, en-tête, découpage en lignes)
et contrôle le **format** de chaque valeur (dates, codes, oui/non). Les contrôles qui demandent la base
(département, commune, utilisateurs, doublons avec l'existant) et l'écriture sont dans
``binome.accompagnement.services.importation``.

Numérotation : le numéro d'une ligne est celui de la ligne du fichier (l'en-tête est la ligne 1) ; une
valeur entre guillemets qui s'étend sur plusieurs lignes compte pour la ligne où elle commence.

Deux lectures, même politique (``binome.core.lecture_csv``) et mêmes contrôles :

- ``lire_csv(contenu)`` : un contenu déjà en mémoire (envoi, tests), ``TAILLE_MAX`` au plus ;
- ``lire_fichier(chemin)`` (commande ``import_parcours``) : le fichier est lu **en flux**, sans limite de taille :
  un premier passage choisit l'encodage (par morceaux), puis les lignes sont produites une à une ; ni les octets du
  fichier ni son texte entier ne sont gardés en mémoire.
"""

import codecs
import csv
import datetime
import difflib
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from binome.accompagnement import enums as e
from binome.accompagnement.calculs import age_a
from binome.core import lecture_csv
from binome.core.lecture_csv import FichierCSVRefuse

COLONNES = (
    "departement",
    "identifiant_ft",
    "nom",
    "prenom",
    "date_naissance",
    "sexe",
    "code_commune",
    "rsa",
    "qpv",
    "niveau_formation",
    "modalite",
    "date_orientation",
    "date_entree",
    "conseiller_email",
    "referent_social_email",
    "date_sortie",
    "motif_sortie",
)
# Colonnes facultatives (absentes : valeur vide). ``cofinance_fse`` : dérogation FSE+ du parcours (oui, non ; vide :
# la convention FSE+ du département décide) ; ``identifiant_operation_fse`` : son identifiant d'opération.
COLONNES_FACULTATIVES = ("cofinance_fse", "identifiant_operation_fse")
LONGUEUR_OPERATION_FSE = 50

# 10 Mo (environ 70 000 lignes) : limite d'un contenu reçu en mémoire (``lire_csv``). La commande lit le fichier en
# flux (``lire_fichier``) et n'a pas de limite de taille.
TAILLE_MAX = 10 * 1024 * 1024
OCTETS_PAR_MORCEAU = 1024 * 1024

SEXES = {"F": e.Sexe.FEMME, "H": e.Sexe.HOMME, "X": e.Sexe.NON_BINAIRE}
OUI_NON = {"oui": True, "non": False}
NIVEAUX = {
    "0-2": e.NiveauFormation.CITE_0_2,
    "3-4": e.NiveauFormation.CITE_3_4,
    "5-8": e.NiveauFormation.CITE_5_8,
    "": e.NiveauFormation.NON_RENSEIGNE,
}
_MOTIFS = frozenset(e.MotifSortie.values)  # calculé une fois : ``values`` se recalcule à chaque appel
MODALITES = {"global": e.Modalite.GLOBAL, "social_exclusif": e.Modalite.SOCIAL_EXCLUSIF}

AGE_MIN = 16
AGE_MAX = 99
LONGUEUR_NOM = 100
LONGUEUR_IDENTIFIANT = 20

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IDENTIFIANT = re.compile(r"^[A-Z0-9]+$")
_CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_CODE_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB])$")


# Le refus d'un fichier entier est celui du lecteur commun (``binome.core.lecture_csv``) ; nom gardé pour les
# appelants (commande ``import_parcours``, tests).
FichierRefuse = FichierCSVRefuse


@dataclass(frozen=True)
class Anomalie:
    """Une raison de refus d'une ligne : son numéro dans le fichier, la colonne (facultative), le message."""

    ligne: int  # 0 : le fichier entier
    message: str
    colonne: str = ""

    def __str__(self):
        if not self.ligne:
            return self.message[:1].upper() + self.message[1:]
        if self.colonne:
            return _("Ligne %(ligne)s, colonne « %(colonne)s » : %(message)s") % {
                "ligne": self.ligne,
                "colonne": self.colonne,
                "message": self.message,
            }
        return _("Ligne %(ligne)s : %(message)s") % {"ligne": self.ligne, "message": self.message}


@dataclass
class LigneCSV:
    """Une ligne de données telle que lue : valeurs brutes (chaînes) par nom de colonne."""

    numero: int
    valeurs: dict[str, str]
    # Erreur de structure (nombre de colonnes) : la ligne n'est pas analysable.
    erreur: str = ""


@dataclass
class LigneParcours:
    """Une ligne dont le format est correct : valeurs typées, prêtes pour les contrôles en base."""

    numero: int
    departement: str
    identifiant_ft: str
    nom: str
    prenom: str
    date_naissance: datetime.date
    sexe: str
    code_commune: str
    rsa: bool
    qpv: bool
    niveau_formation: str
    modalite: str
    date_orientation: datetime.date
    date_entree: datetime.date
    conseiller_email: str
    referent_social_email: str
    date_sortie: datetime.date | None
    motif_sortie: str
    anomalies: list[Anomalie] = field(default_factory=list)
    cofinance_fse: bool | None = None  # dérogation FSE+ ; None : la convention du département décide
    identifiant_operation_fse: str = ""

    @property
    def cle(self) -> tuple[str, str, datetime.date]:
        """Clé d'un parcours : département, identifiant France Travail, date d'entrée."""
        return (self.departement, self.identifiant_ft, self.date_entree)

    @property
    def age_entree(self) -> int:
        return age_a(self.date_naissance, self.date_entree)


# --- Lecture du fichier ---------------------------------------------------------------------------


def _controler_entete(entete: list[str]) -> list[str]:
    noms = [nom.strip() for nom in entete]
    messages = []
    doublons = sorted({nom for nom in noms if noms.count(nom) > 1 and nom})
    manquantes = [nom for nom in COLONNES if nom not in noms]
    inconnues = [nom for nom in noms if nom not in COLONNES and nom not in COLONNES_FACULTATIVES]
    if doublons:
        messages.append(_("colonnes en double : %(liste)s") % {"liste": ", ".join(f"« {n} »" for n in doublons)})
    if manquantes:
        messages.append(_("colonnes manquantes : %(liste)s") % {"liste": ", ".join(f"« {n} »" for n in manquantes)})
    for nom in inconnues:
        if not nom:
            messages.append(_("une colonne n'a pas de nom"))
            continue
        proche = difflib.get_close_matches(nom.lower(), manquantes, n=1, cutoff=0.75)
        if proche:
            messages.append(
                _("colonne inconnue « %(nom)s » (vouliez-vous écrire « %(proche)s » ?)")
                % {"nom": nom, "proche": proche[0]}
            )
        else:
            messages.append(_("colonne inconnue « %(nom)s »") % {"nom": nom})
    return messages


def _refuser_entete(entete: list[str]) -> None:
    messages = _controler_entete(entete)
    if messages:
        raise FichierRefuse(
            _("En-tête (ligne 1) refusé : %(detail)s. Colonnes attendues : %(attendues)s.")
            % {"detail": " ; ".join(messages), "attendues": ", ".join(COLONNES)},
            code="entete",
        )


def _ligne_csv(lue: lecture_csv.LigneLue, noms: list[str]) -> LigneCSV:
    if len(lue.valeurs) != len(noms):
        return LigneCSV(
            lue.numero,
            {},
            _("%(n)s valeurs au lieu de %(attendu)s (un séparateur en trop ou manquant ?)")
            % {"n": len(lue.valeurs), "attendu": len(noms)},
        )
    return LigneCSV(lue.numero, dict(zip(noms, lue.valeurs, strict=True)))


def lire_csv(contenu: bytes) -> list[LigneCSV]:
    """Découpe le fichier en lignes de données. Lève ``FichierRefuse`` si le fichier entier est inutilisable.

    Encodage, séparateur, taille et numérotation des lignes : politique commune de
    ``binome.core.lecture_csv.lire_csv`` (``TAILLE_MAX`` au plus). Ici : contrôle de l'en-tête et du nombre
    de valeurs de chaque ligne.
    """
    fichier = lecture_csv.lire_csv(contenu, taille_max=TAILLE_MAX)
    _refuser_entete(fichier.entete)
    lignes = [_ligne_csv(lue, fichier.entete) for lue in fichier.lignes]
    if not lignes:
        raise FichierRefuse(_("Le fichier ne contient que l'en-tête : aucun parcours à importer."), code="vide")
    return lignes


def _encodage_du_fichier(chemin: Path) -> str:
    """Encodage selon la politique de ``lecture_csv`` (UTF-16 avec BOM, sinon UTF-8, sinon Windows-1252), vérifié
    sur tout le fichier lu par morceaux ; ``FichierRefuse`` (code ``encodage``) si aucun ne le lit."""
    with chemin.open("rb") as flux:
        if flux.read(2) in lecture_csv.BOM_UTF16:
            return "utf-16"
    for encodage in ("utf-8-sig", "cp1252"):
        decodeur, lu = codecs.getincrementaldecoder(encodage)(), 0
        try:
            with chemin.open("rb") as flux:
                while morceau := flux.read(OCTETS_PAR_MORCEAU):
                    decodeur.decode(morceau)
                    lu += len(morceau)
                decodeur.decode(b"", final=True)
            return encodage
        except UnicodeDecodeError as erreur:
            position = lu + erreur.start
    with chemin.open("rb") as flux:
        ligne = flux.read(position).count(b"\n") + 1
    raise FichierRefuse(
        _(
            "Le fichier n'est pas un texte lisible (caractère illisible ligne %(ligne)s). Depuis votre tableur, "
            "enregistrez-le au format « CSV UTF-8 »."
        )
        % {"ligne": ligne},
        code="encodage",
    )


def lire_fichier(chemin: Path) -> Iterator[LigneCSV]:
    """Les lignes de données du fichier, lues en flux (mêmes règles et mêmes refus que ``lire_csv``, sans limite de
    taille). L'en-tête et l'encodage sont contrôlés à l'appel ; une ligne mal formée ou un caractère nul lèvent
    ``FichierRefuse`` pendant la lecture, et un fichier sans ligne de données à la fin."""
    encodage = _encodage_du_fichier(chemin)
    flux = chemin.open(encoding=encodage, newline="")
    try:
        premiere = flux.readline()
        if not premiere.strip():
            while morceau := flux.read(OCTETS_PAR_MORCEAU):
                if morceau.strip():
                    break
            else:
                raise FichierRefuse(_("Le fichier est vide."), code="vide")
        if "\x00" in premiere:
            raise FichierRefuse(
                _("Le fichier contient des caractères nuls : ce n'est pas un fichier CSV."), code="binaire"
            )
        flux.seek(0)
        lecteur = csv.reader(flux, delimiter=lecture_csv.separateur(premiere.splitlines()[0] if premiere else ""))
        try:
            entete = [nom.strip() for nom in next(lecteur)]
        except csv.Error as erreur:
            raise _mal_forme(lecteur.line_num or 1) from erreur
        _refuser_entete(entete)
    except BaseException:
        flux.close()
        raise
    return _lignes_du_fichier(flux, lecteur, entete)


def _mal_forme(ligne: int) -> FichierRefuse:
    # Le message du module csv (en anglais) n'est pas montré : il ne dit rien de plus à qui prépare le fichier.
    return FichierRefuse(
        _("Fichier CSV mal formé ligne %(ligne)s : champ trop long ou guillemet non fermé.") % {"ligne": ligne},
        code="csv",
    )


def _lignes_du_fichier(flux, lecteur, noms: list[str]) -> Iterator[LigneCSV]:
    with flux:
        fin_precedente, produites = lecteur.line_num, 0
        try:
            for enregistrement in lecteur:
                numero, fin_precedente = fin_precedente + 1, lecteur.line_num
                valeurs = [valeur.strip() for valeur in enregistrement]
                if any("\x00" in valeur for valeur in valeurs):
                    raise FichierRefuse(
                        _("Le fichier contient des caractères nuls : ce n'est pas un fichier CSV."), code="binaire"
                    )
                if any(valeurs):
                    produites += 1
                    yield _ligne_csv(lecture_csv.LigneLue(numero, valeurs), noms)
        except csv.Error as erreur:
            raise _mal_forme(lecteur.line_num) from erreur
    if not produites:
        raise FichierRefuse(_("Le fichier ne contient que l'en-tête : aucun parcours à importer."), code="vide")


# --- Format des valeurs ---------------------------------------------------------------------------


class _Analyse:
    def __init__(self, numero: int, valeurs: Mapping[str, str]):
        self.numero = numero
        self.valeurs = valeurs
        self.anomalies: list[Anomalie] = []

    def erreur(self, colonne: str, message: str):
        self.anomalies.append(Anomalie(self.numero, message, colonne))

    def texte(self, colonne: str) -> str:
        valeur = self.valeurs.get(colonne)
        return "" if valeur is None else str(valeur).strip()

    def obligatoire(self, colonne: str) -> str:
        valeur = self.texte(colonne)
        if not valeur:
            self.erreur(colonne, _("valeur obligatoire manquante"))
        return valeur

    def date(self, colonne: str, *, obligatoire: bool = True) -> datetime.date | None:
        valeur = self.obligatoire(colonne) if obligatoire else self.texte(colonne)
        if not valeur:
            return None
        if not _DATE.match(valeur):
            self.erreur(colonne, _("date « %(v)s » illisible : format attendu AAAA-MM-JJ") % {"v": valeur})
            return None
        try:
            jour = datetime.date.fromisoformat(valeur)
        except ValueError:
            self.erreur(colonne, _("date « %(v)s » impossible (ce jour n'existe pas)") % {"v": valeur})
            return None
        if jour.year < 1900:
            self.erreur(colonne, _("date « %(v)s » invraisemblable") % {"v": valeur})
            return None
        return jour

    def choix(self, colonne: str, choix: Mapping, attendu: str, *, casse=str.lower) -> str | bool | None:
        brut = self.texte(colonne)
        cle = casse(brut)
        if cle in choix:
            return choix[cle]
        if not brut:
            self.erreur(colonne, _("valeur obligatoire manquante (attendu : %(a)s)") % {"a": attendu})
        else:
            self.erreur(colonne, _("valeur « %(v)s » inconnue (attendu : %(a)s)") % {"v": brut, "a": attendu})
        return None

    def email(self, colonne: str) -> str:
        valeur = self.texte(colonne).lower()
        if valeur and not _email_valide(valeur):
            self.erreur(colonne, _("adresse électronique « %(v)s » invalide") % {"v": valeur})
            return ""
        return valeur


@functools.lru_cache(maxsize=4096)
def _email_valide(valeur: str) -> bool:
    """Les mêmes adresses (quelques agents) reviennent à chaque ligne : contrôlées une fois (cache borné)."""
    try:
        validate_email(valeur)
    except ValidationError:
        return False
    return True


def analyser_ligne(numero: int, valeurs: Mapping[str, str], *, aujourdhui: datetime.date) -> LigneParcours | None:
    """Contrôle le format d'une ligne. Renvoie une ``LigneParcours`` dont ``anomalies`` liste les erreurs
    (toutes, pas seulement la première) ; ``None`` seulement si ``valeurs`` n'est pas exploitable."""
    a = _Analyse(numero, valeurs)
    departement = a.obligatoire("departement").upper()
    if re.fullmatch(r"\d", departement):
        departement = departement.zfill(2)  # « 1 » : zéro initial perdu par le tableur
    if departement and not _CODE_DEPARTEMENT.match(departement):
        a.erreur(
            "departement", _("code de département « %(v)s » invalide (exemples : 15, 2A, 974)") % {"v": departement}
        )

    identifiant = a.obligatoire("identifiant_ft").upper()
    if identifiant and (len(identifiant) > LONGUEUR_IDENTIFIANT or not _IDENTIFIANT.match(identifiant)):
        a.erreur(
            "identifiant_ft",
            _("identifiant « %(v)s » invalide (lettres et chiffres seulement, %(max)s caractères au plus)")
            % {"v": identifiant, "max": LONGUEUR_IDENTIFIANT},
        )
    nom = a.obligatoire("nom")
    prenom = a.obligatoire("prenom")
    for colonne, valeur in (("nom", nom), ("prenom", prenom)):
        if len(valeur) > LONGUEUR_NOM:
            a.erreur(colonne, _("%(max)s caractères au plus") % {"max": LONGUEUR_NOM})

    date_naissance = a.date("date_naissance")
    sexe = a.choix("sexe", SEXES, "F, H ou X", casse=str.upper)
    code_commune = a.obligatoire("code_commune").upper()
    if re.fullmatch(r"\d{4}", code_commune):
        code_commune = code_commune.zfill(5)  # « 1004 » : zéro initial perdu par le tableur
    if code_commune and not _CODE_INSEE.match(code_commune):
        a.erreur(
            "code_commune", _("code INSEE « %(v)s » invalide (5 caractères, par exemple 15187)") % {"v": code_commune}
        )
    rsa = a.choix("rsa", OUI_NON, "oui ou non")
    qpv = a.choix("qpv", OUI_NON, "oui ou non")
    niveau = a.choix("niveau_formation", NIVEAUX, "0-2, 3-4, 5-8 ou vide")
    modalite = a.choix("modalite", MODALITES, "global ou social_exclusif")
    date_orientation = a.date("date_orientation")
    date_entree = a.date("date_entree")
    conseiller = a.email("conseiller_email")
    referent = a.email("referent_social_email")
    date_sortie = a.date("date_sortie", obligatoire=False)
    motif_brut = a.texte("motif_sortie")
    motif = motif_brut.upper()
    if motif and motif not in _MOTIFS:
        a.erreur(
            "motif_sortie",
            _("motif « %(v)s » inconnu (codes admis : %(codes)s)")
            % {"v": motif_brut, "codes": ", ".join(e.MotifSortie.values)},
        )
    if a.texte("date_sortie") and not motif_brut:
        a.erreur("motif_sortie", _("une date de sortie exige un motif de sortie"))
    if motif_brut and not a.texte("date_sortie"):
        a.erreur("date_sortie", _("un motif de sortie exige une date de sortie"))

    # Cohérence des dates entre elles.
    if date_entree:
        if date_entree > aujourdhui:
            a.erreur("date_entree", _("la date d'entrée est dans le futur"))
        if date_orientation and date_orientation > date_entree:
            a.erreur("date_orientation", _("la date d'orientation est postérieure à la date d'entrée"))
        if date_sortie and date_sortie < date_entree:
            a.erreur("date_sortie", _("la date de sortie est antérieure à la date d'entrée"))
        if date_naissance:
            age = age_a(date_naissance, date_entree)
            if not AGE_MIN <= age <= AGE_MAX:
                a.erreur(
                    "date_naissance",
                    _("âge à l'entrée invraisemblable (%(age)s ans ; attendu de %(min)s à %(max)s ans)")
                    % {"age": age, "min": AGE_MIN, "max": AGE_MAX},
                )
    if date_sortie and date_sortie > aujourdhui:
        a.erreur("date_sortie", _("la date de sortie est dans le futur"))
    cofinance, operation = _fse(a)

    return LigneParcours(
        numero=numero,
        departement=departement,
        identifiant_ft=identifiant,
        nom=nom,
        prenom=prenom,
        date_naissance=date_naissance,
        sexe=sexe,
        code_commune=code_commune,
        rsa=rsa,
        qpv=qpv,
        niveau_formation=niveau,
        modalite=modalite,
        date_orientation=date_orientation,
        date_entree=date_entree,
        conseiller_email=conseiller,
        referent_social_email=referent,
        date_sortie=date_sortie,
        motif_sortie=motif if motif in _MOTIFS else "",
        anomalies=a.anomalies,
        cofinance_fse=cofinance,
        identifiant_operation_fse=operation,
    )


def _fse(a: _Analyse) -> tuple[bool | None, str]:
    """Colonnes facultatives du FSE+ : dérogation (oui, non ou vide) et identifiant d'opération."""
    cofinance = a.choix("cofinance_fse", {**OUI_NON, "": None}, "oui, non ou vide")
    operation = a.texte("identifiant_operation_fse")
    if len(operation) > LONGUEUR_OPERATION_FSE:
        a.erreur("identifiant_operation_fse", _("%(max)s caractères au plus") % {"max": LONGUEUR_OPERATION_FSE})
    if operation and cofinance is not True:
        a.erreur("identifiant_operation_fse", _("un identifiant d'opération exige « oui » dans « cofinance_fse »"))
    return cofinance, operation
