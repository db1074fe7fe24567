"""Contenu du tableau de bord : valeurs mises en forme, lignes, sections, définitions des indicateurs.

``binome.pilotage.tableau`` le remplit (calcul et masquage) ; l'écran et les exports (``exports.py``) le lisent.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement.enums import Modalite
from binome.pilotage import indicateurs
from binome.pilotage.definitions import DefinitionAppliquee
from binome.pilotage.masquage import sensible
from binome.pilotage.selectors import Perimetre

ENTIER = "entier"
TAUX = "taux"
JOURS = "jours"
DECIMAL = "decimal"
MASQUE = "< 5"  # effectif de 1 à 4 personnes (masquage primaire)
SECRET = "s"  # toute autre valeur cachée : complément, autre case de la ventilation, taux ou moyenne dérivés

MOIS_COURTS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def _nombre_fr(nombre, decimales: int) -> str:
    texte = f"{nombre:,.{decimales}f}"
    return texte.replace(",", "\u202f").replace(".", ",")


@dataclass
class Valeur:
    """Une valeur affichée : le nombre, son format et s'il est masqué pour ce lecteur."""

    nombre: int | float | None
    format: str = ENTIER
    masque: bool = False

    @property
    def marque(self) -> str:
        """Marque d'une valeur masquée : « < 5 » seulement pour un effectif réellement de 1 à 4, sinon « s ».

        Une valeur cachée pour qu'une petite valeur ne se retrouve pas par différence n'est pas « < 5 » :
        l'écrire serait afficher un chiffre faux (« Femmes < 5 » pour 57 femmes).
        """
        if not self.masque:
            return ""
        if self.format == ENTIER and sensible(self.nombre):
            return MASQUE
        return SECRET

    @property
    def texte(self) -> str:
        if self.masque:
            return self.marque
        if self.nombre is None:
            return "—"
        if self.format == TAUX:
            return f"{_nombre_fr(self.nombre * 100, 1)}\u00a0%"
        if self.format == JOURS:
            return f"{_nombre_fr(self.nombre, 1)}\u00a0j"
        if self.format == DECIMAL:
            return _nombre_fr(self.nombre, 2)
        return _nombre_fr(self.nombre, 0)

    @property
    def texte_court(self) -> str:
        """Étiquette d'une barre de graphique (sans espace ni unité, pour tenir au-dessus de la barre)."""
        if self.masque:
            return self.marque.replace(" ", "")
        return self.texte.replace("\u00a0%", "%").replace("\u00a0j", "")

    @property
    def pour_export(self):
        """Valeur d'une cellule d'export : sa marque si masquée (« < 5 » ou « s »), vide si non calculable, sinon le
        nombre."""
        if self.masque:
            return self.marque
        return self.nombre


@dataclass
class Ligne:
    cle: str
    libelle: str
    valeur: Valeur
    detail: str = ""


@dataclass
class Section:
    cle: str
    titre: str
    lignes: list[Ligne]
    note: str = ""


@dataclass
class Comparaison:
    cle: str
    titre: str
    colonne: str
    lignes: list[dict] = field(default_factory=list)  # {"libelle", "requete", "valeurs": {cle: Valeur}}
    total: dict = field(default_factory=dict)


COLONNES_COMPARAISON = [
    ("entrees", gettext_lazy("Entrées")),
    ("en_cours_fin_periode", gettext_lazy("En cours en fin de période")),
    ("sorties", gettext_lazy("Sorties")),
    ("sorties_positives", gettext_lazy("Sorties positives")),
    ("taux_sortie_positive", gettext_lazy("Taux de sortie positive")),
    ("duree_moyenne_jours", gettext_lazy("Durée moyenne (jours)")),
]

COLONNES_SERIE = [
    ("entrees", gettext_lazy("Entrées")),
    ("sorties", gettext_lazy("Sorties")),
    ("sorties_positives", gettext_lazy("Sorties positives")),
    ("taux_sortie_positive", gettext_lazy("Taux de sortie positive")),
    ("duree_moyenne_jours", gettext_lazy("Durée moyenne (jours)")),
    ("en_cours_fin_mois", gettext_lazy("En cours en fin de mois")),
]

# Libellé et définition visible de chaque indicateur (écran, exports, docs/pilotage.md).
DEFINITIONS = {
    "entrees": (gettext_lazy("Entrées"), gettext_lazy("Parcours dont la date d'entrée est dans la période.")),
    "en_cours_fin_periode": (
        gettext_lazy("Personnes en cours en fin de période"),
        gettext_lazy(
            "Parcours entrés au plus tard le dernier jour et non sortis ce jour-là (sortie absente ou postérieure)."
        ),
    ),
    "sorties": (gettext_lazy("Sorties"), gettext_lazy("Parcours dont la date de sortie est dans la période.")),
    "sorties_positives": (
        gettext_lazy("Sorties positives"),
        gettext_lazy("Sorties de la période dont le motif appartient à la définition de la sortie positive indiquée."),
    ),
    "taux_sortie_positive": (
        gettext_lazy("Taux de sortie positive"),
        gettext_lazy("Sorties positives ÷ sorties de la période."),
    ),
    "duree_moyenne_jours": (
        gettext_lazy("Durée moyenne des parcours sortis"),
        gettext_lazy(
            "Moyenne de (date de sortie − date d'entrée − jours de suspension) sur les sorties de la période."
        ),
    ),
    "duree_mediane_jours": (
        gettext_lazy("Durée médiane des parcours sortis"),
        gettext_lazy("Médiane de la même durée (suspensions exclues) sur les sorties de la période."),
    ),
    "delai_moyen_orientation_entree_jours": (
        gettext_lazy("Délai moyen de l'orientation à l'entrée"),
        gettext_lazy(
            "Moyenne de (date d'entrée − date d'orientation) sur les entrées de la période (objectif : 21 jours)."
        ),
    ),
    "part_rsa": (gettext_lazy("Bénéficiaires du RSA"), gettext_lazy("Part des entrées : RSA à l'entrée.")),
    "part_qpv": (
        gettext_lazy("Résidents d'un QPV"),
        gettext_lazy("Part des entrées : quartier prioritaire à l'entrée."),
    ),
    "part_femmes": (gettext_lazy("Femmes"), gettext_lazy("Part des entrées.")),
    "part_hommes": (gettext_lazy("Hommes"), gettext_lazy("Part des entrées.")),
    "part_moins_26": (gettext_lazy("Moins de 26 ans"), gettext_lazy("Part des entrées : âge à l'entrée.")),
    "part_55_plus": (gettext_lazy("55 ans et plus"), gettext_lazy("Part des entrées : âge à l'entrée.")),
    "part_cite_0_2": (
        gettext_lazy("Niveau CITE 0 à 2"),
        gettext_lazy("Part des entrées : niveau de formation à l'entrée jusqu'au brevet (ISCED 0-2)."),
    ),
    "contacts_par_personne_mois": (
        gettext_lazy("Contacts par personne-mois d'accompagnement"),
        gettext_lazy(
            "Contacts honorés datés dans la période, entre l'entrée et la sortie ÷ personnes-mois "
            "(jours de présence en accompagnement dans la période ÷ 30,44)."
        ),
    ),
    "part_sans_contact": (
        gettext_lazy("Parcours actifs sans contact depuis plus du seuil d'alerte"),
        gettext_lazy(
            "Parmi les parcours en cours et non suspendus le dernier jour, part de ceux sans contact honoré "
            "ni entrée depuis plus du seuil d'alerte du département (15 jours par défaut)."
        ),
    ),
    "portefeuille_moyen_conseiller": (
        gettext_lazy("Portefeuille moyen par conseiller France Travail"),
        gettext_lazy("Parcours en cours en fin de période avec un conseiller ÷ nombre de conseillers distincts."),
    ),
    "portefeuille_moyen_referent": (
        gettext_lazy("Portefeuille moyen par travailleur social"),
        gettext_lazy("Parcours en cours en fin de période avec un référent social ÷ nombre de référents distincts."),
    ),
    "taux_emploi_durable_6_mois": (
        gettext_lazy("Emploi durable dans les 6 mois après l'entrée"),
        gettext_lazy(
            "Cohorte des entrées de la période : part sortie pour emploi durable au plus 183 jours après l'entrée."
        ),
    ),
    "taux_emploi_durable_12_mois": (
        gettext_lazy("Emploi durable dans les 12 mois après l'entrée"),
        gettext_lazy(
            "Cohorte des entrées de la période : part sortie pour emploi durable au plus 365 jours après l'entrée."
        ),
    ),
    "suivi_6_mois_echeances": (
        gettext_lazy("Suivis à six mois arrivés à échéance"),
        gettext_lazy(
            "Sorties dont l'échéance du suivi (date de sortie + 6 mois) tombe dans la période, au plus tard à la date "
            "des données."
        ),
    ),
    "taux_suivi_6_mois_fait": (
        gettext_lazy("Suivis à six mois faits"),
        gettext_lazy("Suivis enregistrés ÷ suivis arrivés à échéance (même cohorte)."),
    ),
    "part_emploi_6_mois": (
        gettext_lazy("En emploi six mois après la sortie"),
        gettext_lazy("Parmi les suivis faits de la cohorte, part des personnes en emploi (FSE+ EECR05)."),
    ),
    "decisions_orientation": (
        gettext_lazy("Décisions d'orientation"),
        gettext_lazy(
            "Parcours dont la date d'orientation est dans la période (au plus tard à la date des données), sauf "
            "orientation non retenue avant l'entrée."
        ),
    ),
    "part_premier_rdv_15_jours": (
        gettext_lazy("Premier rendez-vous honoré dans les 15 jours"),
        gettext_lazy(
            "Parmi les décisions d'orientation d'au moins 15 jours, part dont le premier rendez-vous honoré a eu "
            "lieu au plus 15 jours après la décision (le jour même compte pour 0)."
        ),
    ),
    "part_premier_rdv_30_jours": (
        gettext_lazy("Premier rendez-vous honoré dans les 30 jours"),
        gettext_lazy(
            "Parmi les décisions d'orientation d'au moins 30 jours, part dont le premier rendez-vous honoré a eu "
            "lieu au plus 30 jours après la décision."
        ),
    ),
    "delai_median_premier_rdv_jours": (
        gettext_lazy("Délai médian jusqu'au premier rendez-vous honoré"),
        gettext_lazy(
            "Médiane de (jour du premier rendez-vous honoré − date d'orientation) sur les décisions de la période "
            "suivies d'un rendez-vous honoré."
        ),
    ),
    "part_situation_amelioree_6_mois": (
        gettext_lazy("Situation améliorée six mois après la sortie"),
        gettext_lazy(
            "Parmi les suivis faits de la cohorte, part des personnes dont la situation sur le marché du travail "
            "s'est améliorée (FSE+ EECR06)."
        ),
    ),
    # Actions collectives (``pilotage/actions_collectives.py``, section d'id ``actions-collectives``).
    "seances_collectives_tenues": (
        gettext_lazy("Séances collectives tenues"),
        gettext_lazy("Séances d'actions collectives dont les présences sont saisies, datées dans la période."),
    ),
    "places_collectives_offertes": (
        gettext_lazy("Places offertes en séance collective"),
        gettext_lazy("Somme des places des séances tenues (places de la séance, sinon de l'action)."),
    ),
    "inscriptions_collectives": (
        gettext_lazy("Inscriptions aux séances collectives"),
        gettext_lazy("Inscriptions sur une place aux séances tenues (ni liste d'attente, ni désinscription)."),
    ),
    "presences_collectives": (
        gettext_lazy("Présences aux séances collectives"),
        gettext_lazy("Inscriptions aux séances tenues dont la personne était présente."),
    ),
    "taux_presence_collective": (
        gettext_lazy("Taux de présence aux séances collectives"),
        gettext_lazy("Présences ÷ inscriptions aux séances tenues."),
    ),
    "personnes_touchees_collectif": (
        gettext_lazy("Personnes touchées par les actions collectives"),
        gettext_lazy("Personnes distinctes présentes à au moins une séance tenue de la période."),
    ),
}

REGLE_MASQUAGE = gettext_lazy(
    "Secret statistique : tout effectif de 1 à 4 personnes est remplacé par « < 5 » ; les valeurs qui "
    "permettraient de le retrouver par différence (une autre case de la même ventilation, le complément d'une "
    "part) et les taux, parts et moyennes qui dépendent d'une valeur cachée sont remplacés par « s ». 0 n'est pas "
    "masqué."
)
LEGENDE_MASQUAGE = (
    (MASQUE, gettext_lazy("effectif de 1 à 4 personnes, masqué")),
    (
        SECRET,
        gettext_lazy(
            "secret statistique : valeur exacte (souvent 5 ou plus) cachée pour qu'un petit effectif ne se retrouve "
            "pas par différence, ou taux, part, moyenne calculés à partir d'une valeur cachée"
        ),
    ),
)


def legende_des(valeurs) -> list[tuple[str, str]]:
    """(marque, explication) des marques présentes parmi ``valeurs`` (accueil du pilote)."""
    marques = {valeur.marque for valeur in valeurs if valeur.masque}
    return [(marque, str(texte)) for marque, texte in LEGENDE_MASQUAGE if marque in marques]


def legende_masquage() -> list[tuple[str, str]]:
    """Lignes de légende des marques du secret (écran, exports, ``stats --masquer``)."""
    return [(_("Légende « %(marque)s »") % {"marque": marque}, str(texte)) for marque, texte in LEGENDE_MASQUAGE]


def mois_libelle(premier: datetime.date) -> str:
    return f"{MOIS_COURTS[premier.month - 1]} {premier.year}"


@dataclass
class Tableau:
    perimetre: Perimetre
    modalite: str
    periode: indicateurs.Periode
    definition: DefinitionAppliquee
    date_donnees: datetime.datetime
    masque: bool
    sections: list[Section] = field(default_factory=list)
    motifs: list[dict] = field(default_factory=list)
    serie: list[dict] = field(default_factory=list)
    comparaisons: list[Comparaison] = field(default_factory=list)
    graphiques: list = field(default_factory=list)
    effectifs: dict = field(default_factory=dict)  # {clé de ``indicateurs.calculer``: Valeur} des comptes bruts
    seuil_sans_contact: int = indicateurs.SEUIL_SANS_CONTACT_JOURS
    vide: bool = False  # aucun parcours présent dans la période sur ce territoire
    actions_collectives: object = None  # ``actions_collectives.Bloc`` : section d'id ``actions-collectives``
    precalcule: bool = False  # chiffres lus dans ``AgregatTableau`` (``date_donnees`` : moment du calcul)

    colonnes_serie = COLONNES_SERIE
    colonnes_comparaison = COLONNES_COMPARAISON
    regle_masquage = REGLE_MASQUAGE
    legende_masquage = LEGENDE_MASQUAGE

    @property
    def modalite_libelle(self) -> str:
        return str(Modalite(self.modalite).label)

    @property
    def date_donnees_texte(self) -> str:
        return self.date_donnees.strftime("%d/%m/%Y %H:%M")

    @property
    def calcul_texte(self) -> str:
        """« Chiffres calculés le … à … » : moment du précalcul (agrégats) ou de l'ouverture de la page."""
        moment = {"jour": self.date_donnees.strftime("%d/%m/%Y"), "heure": self.date_donnees.strftime("%H:%M")}
        if self.precalcule:
            return _("Chiffres calculés le %(jour)s à %(heure)s (précalculés par le serveur).") % moment
        return _("Chiffres calculés le %(jour)s à %(heure)s, à l'ouverture de la page.") % moment

    @property
    def periode_texte(self) -> str:
        return _("du %(du)s au %(au)s") % {
            "du": self.periode.du.strftime("%d/%m/%Y"),
            "au": self.periode.au.strftime("%d/%m/%Y"),
        }

    @property
    def definitions(self) -> list[dict]:
        return [{"cle": cle, "libelle": lib, "definition": defi} for cle, (lib, defi) in DEFINITIONS.items()]

    def entete(self) -> list[tuple[str, str]]:
        """Lignes d'en-tête de chaque export : périmètre, période, modalité, définition, date des données."""
        lignes = [
            (_("Territoire"), self.perimetre.libelle),
            (_("Période"), self.periode_texte),
            (_("Modalité"), self.modalite_libelle),
            (_("Définition de la sortie positive"), self.definition.resume),
            (_("Données au"), self.date_donnees_texte),
        ]
        if self.masque:
            lignes.append((_("Secret statistique"), str(REGLE_MASQUAGE)))
            lignes += legende_masquage()
        return lignes


def requete_filtres(perimetre_parametres: dict, modalite: str, periode: indicateurs.Periode) -> str:
    return urlencode(
        {**perimetre_parametres, "modalite": modalite, "du": periode.du.isoformat(), "au": periode.au.isoformat()}
    )
