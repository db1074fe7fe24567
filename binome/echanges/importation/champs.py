"""Les champs de Binôme qu'une liste peut porter, la correspondance proposée pour un fichier, et la lecture d'une
ligne selon la correspondance (valeurs typées ou anomalies, sans toucher à la base)."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement.enums import DroitRsa, OrganismeAllocataire, Sexe
from binome.accompagnement.services.importation_personnes import LignePersonne
from binome.core.texte import normaliser
from binome.echanges.importation.lecture import en_texte


@dataclass(frozen=True)
class Champ:
    nom: str
    libelle: str
    noms_usuels: tuple[str, ...]  # en-têtes reconnus d'office (normalisés)
    obligatoire: bool = False


def _c(nom, libelle, *noms_usuels, obligatoire=False) -> Champ:
    return Champ(nom, libelle, noms_usuels, obligatoire)


CHAMPS = (
    _c("nom", gettext_lazy("Nom"), "nom", "nom de naissance", "nom d usage", "nom beneficiaire", obligatoire=True),
    _c("prenom", gettext_lazy("Prénom"), "prenom", "prenoms", "prenom beneficiaire", obligatoire=True),
    _c("date_naissance", gettext_lazy("Date de naissance"), "date de naissance", "ne le", "ddn", obligatoire=True),
    _c("sexe", gettext_lazy("Sexe"), "sexe", "genre", "civilite"),
    _c(
        "identifiant_ft",
        gettext_lazy("Identifiant France Travail"),
        "identifiant france travail",
        "identifiant ft",
        "id ft",
        "identifiant pole emploi",
        "numero demandeur d emploi",
    ),
    _c("organisme_allocataire", gettext_lazy("Organisme payeur (CAF ou MSA)"), "organisme", "organisme payeur"),
    _c(
        "numero_allocataire",
        gettext_lazy("Numéro d'allocataire CAF/MSA"),
        "numero allocataire",
        "numero d allocataire",
        "no allocataire",
        "n allocataire",
        "matricule",
        "numero caf",
    ),
    _c("code_commune", gettext_lazy("Code INSEE de la commune"), "code insee", "insee", "code commune"),
    _c("code_postal", gettext_lazy("Code postal"), "code postal", "cp"),
    _c("nom_commune", gettext_lazy("Commune (nom)"), "commune", "ville", "localite"),
    _c("adresse", gettext_lazy("Adresse"), "adresse", "adresse postale"),
    _c("telephone", gettext_lazy("Téléphone"), "telephone", "tel", "portable"),
    _c("courriel", gettext_lazy("Courriel"), "courriel", "email", "mail", "adresse electronique"),
    _c(
        "droit_rsa",
        gettext_lazy("Droit au RSA : statut (ouvert, suspendu, clos)"),
        "etat du droit",
        "etat du droit rsa",
        "statut du droit",
        "statut rsa",
        "etat rsa",
        "droit rsa",
    ),
    _c(
        "droit_rsa_le",
        gettext_lazy("Droit au RSA : date du statut"),
        "date du statut",
        "date etat",
        "date du droit",
        "date d ouverture du droit",
    ),
    _c("droit_rsa_motif", gettext_lazy("Droit au RSA : motif"), "motif", "motif suspension", "motif de cloture"),
)
PAR_NOM = {c.nom: c for c in CHAMPS}
CHAMPS_COMMUNE = ("code_commune", "code_postal")

SEXES = {"f": Sexe.FEMME, "femme": Sexe.FEMME, "mme": Sexe.FEMME, "madame": Sexe.FEMME, "2": Sexe.FEMME,
         "h": Sexe.HOMME, "m": Sexe.HOMME, "homme": Sexe.HOMME, "monsieur": Sexe.HOMME, "1": Sexe.HOMME,
         "x": Sexe.NON_BINAIRE, "non binaire": Sexe.NON_BINAIRE}  # fmt: skip
# Statuts écrits en toutes lettres, et codes de l'état du dossier RSA des flux CAF (2 ouvert, 3 et 4 suspendu,
# 5 et 6 clos).
DROITS = {"ouvert": DroitRsa.OUVERT, "droit ouvert": DroitRsa.OUVERT, "2": DroitRsa.OUVERT,
          "suspendu": DroitRsa.SUSPENDU, "droit suspendu": DroitRsa.SUSPENDU, "3": DroitRsa.SUSPENDU,
          "4": DroitRsa.SUSPENDU, "clos": DroitRsa.CLOS, "droit clos": DroitRsa.CLOS, "cloture": DroitRsa.CLOS,
          "ferme": DroitRsa.CLOS, "5": DroitRsa.CLOS, "6": DroitRsa.CLOS}  # fmt: skip

_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_IDENTIFIANT = re.compile(r"^[A-Z0-9]{1,20}$")
EXCEL_ORIGINE = datetime.date(1899, 12, 30)


def proposer(entetes: list[str], enregistree: dict[str, str] | None = None) -> dict[str, str]:
    """{champ: en-tête} : la correspondance enregistrée pour les en-têtes encore présents, sinon les noms usuels."""
    proposition = {}
    enregistree = enregistree or {}
    normalises = {normaliser(e): e for e in entetes}
    for champ in CHAMPS:
        if enregistree.get(champ.nom) in entetes:
            proposition[champ.nom] = enregistree[champ.nom]
        elif (trouve := next((normalises[n] for n in champ.noms_usuels if n in normalises), None)) is not None:
            if trouve not in proposition.values():
                proposition[champ.nom] = trouve
    return proposition


def manques(colonnes: dict[str, str]) -> list[str]:
    """Messages des champs indispensables sans colonne."""
    messages = [
        _("« %(champ)s » doit correspondre à une colonne.") % {"champ": c.libelle}
        for c in CHAMPS
        if c.obligatoire and not colonnes.get(c.nom)
    ]
    if not any(colonnes.get(c) for c in CHAMPS_COMMUNE):
        messages.append(_("Indiquez la colonne du code INSEE de la commune ou celle du code postal."))
    return messages


def lire_date(valeur) -> datetime.date:
    """Date d'une cellule : date Excel (valeur ou numéro de série), JJ/MM/AAAA ou AAAA-MM-JJ ; ValueError sinon."""
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, int | float) and 1 <= valeur < 80000:
        return EXCEL_ORIGINE + datetime.timedelta(days=int(valeur))
    texte = en_texte(valeur)
    if m := _DATE_FR.match(texte):
        return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    if m := _DATE_ISO.match(texte):
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(texte)


class _Ligne:
    """Lecture d'une ligne : valeurs par champ de Binôme, anomalies avec le nom de la colonne du fichier."""

    def __init__(self, numero: int, valeurs: dict, colonnes: dict[str, str]):
        self.numero, self.valeurs, self.colonnes = numero, valeurs, colonnes
        self.anomalies: list[str] = []

    def brut(self, champ: str):
        entete = self.colonnes.get(champ)
        return self.valeurs.get(entete) if entete else None

    def texte(self, champ: str) -> str:
        return en_texte(self.brut(champ))

    def erreur(self, champ: str, message: str) -> None:
        self.anomalies.append(
            _("colonne « %(colonne)s » : %(message)s")
            % {"colonne": self.colonnes.get(champ, champ), "message": message}
        )

    def date(self, champ: str) -> datetime.date | None:
        if not self.texte(champ):
            return None
        try:
            jour = lire_date(self.brut(champ))
        except ValueError:
            self.erreur(champ, _("date « %(v)s » illisible (attendu : JJ/MM/AAAA)") % {"v": self.texte(champ)})
            return None
        if jour.year < 1900:
            self.erreur(champ, _("date « %(v)s » invraisemblable") % {"v": self.texte(champ)})
            return None
        return jour

    def choix(self, champ: str, table: dict, attendu: str) -> str:
        texte = self.texte(champ)
        if not texte:
            return ""
        if (valeur := table.get(normaliser(texte))) is None:
            self.erreur(champ, _("valeur « %(v)s » inconnue (attendu : %(a)s)") % {"v": texte, "a": attendu})
            return ""
        return valeur


def _identifiants(ligne: _Ligne, champs: dict) -> None:
    identifiant = ligne.texte("identifiant_ft").upper().replace(" ", "")
    if identifiant and not _IDENTIFIANT.match(identifiant):
        ligne.erreur(
            "identifiant_ft",
            _("identifiant « %(v)s » invalide (lettres et chiffres, 20 au plus)") % {"v": identifiant},
        )
    champs["identifiant_ft"] = identifiant
    numero = ligne.texte("numero_allocataire").replace(" ", "")
    if len(numero) > 20:
        ligne.erreur("numero_allocataire", _("20 caractères au plus"))
    champs["numero_allocataire"] = numero


def _commune(ligne: _Ligne) -> tuple[str, str, str]:
    code = ligne.texte("code_commune").upper()
    if re.fullmatch(r"\d{4}", code):
        code = code.zfill(5)  # zéro initial perdu par le tableur
    if code and not re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
        ligne.erreur("code_commune", _("code INSEE « %(v)s » invalide") % {"v": code})
    postal = ligne.texte("code_postal")
    postal = postal.zfill(5) if re.fullmatch(r"\d{4}", postal) else postal
    if not code and not postal:
        ligne.erreur(
            "code_commune" if "code_commune" in ligne.colonnes else "code_postal",
            _("commune de résidence manquante"),
        )
    return code, postal, ligne.texte("nom_commune")


def lire_ligne(numero: int, valeurs: dict, colonnes: dict[str, str], *, source: str, nouveaux_rsa: bool):
    """(``LignePersonne``, anomalies) d'une ligne du fichier ; ``valeurs`` : {en-tête: cellule}."""
    ligne = _Ligne(numero, valeurs, colonnes)
    champs = {champ: ligne.texte(champ) for champ in ("nom", "prenom", "adresse", "telephone", "droit_rsa_motif")}
    for champ in ("nom", "prenom"):
        if not champs[champ]:
            ligne.erreur(champ, _("valeur obligatoire manquante"))
    champs["date_naissance"] = ligne.date("date_naissance")
    if not ligne.texte("date_naissance"):
        ligne.erreur("date_naissance", _("valeur obligatoire manquante"))
    champs["sexe"] = ligne.choix("sexe", SEXES, _("F ou H"))
    _identifiants(ligne, champs)
    organisme = ligne.choix("organisme_allocataire", {"caf": "CAF", "msa": "MSA"}, _("CAF ou MSA"))
    if not organisme and champs["numero_allocataire"] and source in OrganismeAllocataire.values:
        organisme = source  # liste de la CAF ou de la MSA : l'organisme est la source
    champs["organisme_allocataire"] = organisme
    courriel = ligne.texte("courriel").lower()
    if courriel:
        try:
            validate_email(courriel)
        except ValidationError:
            ligne.erreur("courriel", _("adresse électronique « %(v)s » invalide") % {"v": courriel})
            courriel = ""
    champs["courriel"] = courriel
    telephone = champs["telephone"]
    champs["telephone"] = "0" + telephone if re.fullmatch(r"[1-9]\d{8}", telephone) else telephone
    champs["droit_rsa"] = ligne.choix("droit_rsa", DROITS, _("ouvert, suspendu ou clos"))
    champs["droit_rsa_le"] = ligne.date("droit_rsa_le")
    code, postal, nom_commune = _commune(ligne)
    personne = LignePersonne(
        numero=numero,
        champs={k: v for k, v in champs.items() if v not in ("", None)},
        code_commune=code,
        code_postal=postal,
        nom_commune=nom_commune,
        nouveau_rsa=nouveaux_rsa,
    )
    return personne, ligne.anomalies
