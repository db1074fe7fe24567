"""Le tableau de bord : indicateurs calculés, masqués selon le lecteur, prêts pour l'écran et les exports.

L'écran (``views.tableau_de_bord``) et les exports CSV/XLSX (``exports.py``) partagent ce même objet :
ils montrent donc exactement les mêmes valeurs, avec le même masquage « < 5 » pour le pilote.
Nombre de requêtes fixe, indépendant du nombre de parcours (voir ``tests/pilotage/test_vues.py``).
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from binome.accompagnement.enums import Modalite, MotifSortie
from binome.comptes.models import Utilisateur
from binome.organisations.models import Organisation
from binome.organisations.selectors import parametres_du_departement
from binome.pilotage import graphiques, indicateurs
from binome.pilotage.definitions import DefinitionAppliquee, definition_applicable
from binome.pilotage.masquage import Grille, sensible
from binome.pilotage.selectors import Perimetre, champ_agent, parcours_du_perimetre

ENTIER = "entier"
TAUX = "taux"
JOURS = "jours"
DECIMAL = "decimal"
MASQUE = "< 5"

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
    def texte(self) -> str:
        if self.masque:
            return MASQUE
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
            return "<5"
        return self.texte.replace("\u00a0%", "%").replace("\u00a0j", "")

    @property
    def pour_export(self):
        """Valeur d'une cellule d'export : « < 5 » si masquée, vide si non calculable, sinon le nombre."""
        if self.masque:
            return MASQUE
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
}

REGLE_MASQUAGE = gettext_lazy(
    "Secret statistique : tout effectif de 1 à 4 personnes est remplacé par « < 5 », ainsi que les valeurs qui "
    "permettraient de le retrouver par différence (une autre case de la même ventilation, le complément d'une "
    "part) et les taux, parts et moyennes qui en dépendent. 0 n'est pas masqué."
)


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
    seuil_sans_contact: int = indicateurs.SEUIL_SANS_CONTACT_JOURS
    vide: bool = False  # aucun parcours présent dans la période sur ce territoire

    colonnes_serie = COLONNES_SERIE
    colonnes_comparaison = COLONNES_COMPARAISON
    regle_masquage = REGLE_MASQUAGE

    @property
    def modalite_libelle(self) -> str:
        return str(Modalite(self.modalite).label)

    @property
    def date_donnees_texte(self) -> str:
        return self.date_donnees.strftime("%d/%m/%Y %H:%M")

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
        return lignes


def requete_filtres(perimetre_parametres: dict, modalite: str, periode: indicateurs.Periode) -> str:
    return urlencode(
        {**perimetre_parametres, "modalite": modalite, "du": periode.du.isoformat(), "au": periode.au.isoformat()}
    )


class _Construction:
    """Assemble les valeurs, déclare les relations additives, résout le masquage, puis met en forme."""

    def __init__(self, masquer: bool):
        self.masquer = masquer
        self.grille = Grille()
        self.masques: set[str] = set()

    def effectif(self, cle, valeur, *, implicite=False):
        return self.grille.effectif(cle, valeur, implicite=implicite)

    def resoudre(self):
        self.masques = self.grille.resoudre() if self.masquer else set()

    def compte(self, cle) -> Valeur:
        return Valeur(self.grille.valeurs[cle], ENTIER, cle in self.masques)

    def derive(self, nombre, format, *dependances, bases=()) -> Valeur:
        """Valeur dérivée : masquée si un effectif dont elle dépend l'est, ou si une base est de 1 à 4."""
        masque = self.masquer and (
            any(d in self.masques for d in dependances) or any(sensible(self.grille.valeurs[b]) for b in bases)
        )
        return Valeur(nombre, format, masque)


def _detail(numerateur: Valeur, denominateur: Valeur) -> str:
    return _("%(n)s sur %(d)s") % {"n": numerateur.texte, "d": denominateur.texte}


def construire(
    perimetre: Perimetre,
    modalite: str,
    periode: indicateurs.Periode,
    *,
    date_donnees: datetime.datetime,
) -> Tableau:
    definition = definition_applicable(perimetre.departement.code, periode.au)
    codes = definition.codes
    seuil = parametres_du_departement(perimetre.departement).alerte_sans_contact_jours
    parcours = parcours_du_perimetre(perimetre, modalite)
    fins_de_mois = [fin for _premier, _debut, fin in periode.mois()]
    c = indicateurs.calculer(
        parcours,
        periode,
        codes,
        seuil_sans_contact=seuil,
        date_donnees=date_donnees.date(),
        fins_de_mois=fins_de_mois,
    )
    serie = indicateurs.serie_mensuelle(parcours, periode, codes, stock=c["stock_fins_de_mois"])
    tableau = Tableau(
        perimetre=perimetre,
        modalite=modalite,
        periode=periode,
        definition=definition,
        date_donnees=date_donnees,
        masque=perimetre.masque,
        seuil_sans_contact=seuil,
        vide=c["presents"] == 0 and c["entrees"] == 0,
    )
    ventilations = _ventilations(perimetre, parcours, periode, codes)

    b = _Construction(perimetre.masque)
    for cle in (
        "entrees",
        "en_cours_fin_periode",
        "sorties",
        "sorties_positives",
        "rsa",
        "qpv",
        "femmes",
        "hommes",
        "moins_26",
        "plus_55",
        "cite_0_2",
        "emploi_durable_6_mois",
        "emploi_durable_12_mois",
        "entrees_avec_orientation",
        "presents",
        "actifs_fin_periode",
        "sans_contact",
        "en_cours_avec_conseiller",
        "en_cours_avec_referent",
    ):
        b.effectif(cle, c[cle])
    # Sorties par motif : trois relations (toutes, positives, autres).
    b.effectif("sorties_autres", c["sorties"] - c["sorties_positives"], implicite=True)
    for motif in MotifSortie.values:
        b.effectif(f"motif:{motif}", c["sorties_par_motif"].get(motif, 0))
    b.grille.relation("sorties", [f"motif:{m}" for m in MotifSortie.values])
    b.grille.relation("sorties_positives", [f"motif:{m}" for m in MotifSortie.values if m in codes])
    b.grille.relation("sorties_autres", [f"motif:{m}" for m in MotifSortie.values if m not in codes])
    b.grille.relation("sorties", ["sorties_positives", "sorties_autres"])
    # Parts parmi les entrées : le complément implicite est protégé lui aussi.
    for cle in ("rsa", "qpv", "moins_26", "plus_55", "cite_0_2", "emploi_durable_6_mois", "emploi_durable_12_mois"):
        b.grille.relation("entrees", [cle])
    b.grille.relation("entrees", ["femmes", "hommes"])
    b.grille.relation("actifs_fin_periode", ["sans_contact"])
    # Série mensuelle : les mois partitionnent la période.
    for i, ligne in enumerate(serie):
        b.effectif(f"m{i}:entrees", ligne["entrees"])
        b.effectif(f"m{i}:sorties", ligne["sorties"])
        b.effectif(f"m{i}:sorties_positives", ligne["sorties_positives"])
        b.effectif(f"m{i}:autres", ligne["sorties"] - ligne["sorties_positives"], implicite=True)
        b.effectif(f"m{i}:en_cours_fin_mois", ligne["en_cours_fin_mois"])
        b.grille.relation(f"m{i}:sorties", [f"m{i}:sorties_positives", f"m{i}:autres"])
    for colonne in ("entrees", "sorties", "sorties_positives"):
        b.grille.relation(colonne, [f"m{i}:{colonne}" for i in range(len(serie))])
    # Comparaisons entre territoires : chaque colonne se somme au total du périmètre.
    for cle_table, _titre, _colonne, lignes, _libelles in ventilations:
        for cle_ligne, valeurs in lignes.items():
            prefixe = f"{cle_table}:{cle_ligne}"
            for colonne in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
                b.effectif(f"{prefixe}:{colonne}", valeurs[colonne])
            b.effectif(f"{prefixe}:autres", valeurs["sorties"] - valeurs["sorties_positives"], implicite=True)
            b.grille.relation(f"{prefixe}:sorties", [f"{prefixe}:sorties_positives", f"{prefixe}:autres"])
        for colonne in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
            b.grille.relation(colonne, [f"{cle_table}:{k}:{colonne}" for k in lignes])
    b.resoudre()

    entrees = b.compte("entrees")
    sorties = b.compte("sorties")
    positives = b.compte("sorties_positives")

    def part(cle_indicateur, cle_compte):
        valeur = b.derive(c[cle_indicateur], TAUX, cle_compte, "entrees")
        return Ligne(
            cle_indicateur, str(DEFINITIONS[cle_indicateur][0]), valeur, _detail(b.compte(cle_compte), entrees)
        )

    def libelle(cle):
        return str(DEFINITIONS[cle][0])

    tableau.sections = [
        Section(
            "flux",
            _("Entrées, sorties et personnes en cours"),
            [
                Ligne("entrees", libelle("entrees"), entrees),
                Ligne("en_cours_fin_periode", libelle("en_cours_fin_periode"), b.compte("en_cours_fin_periode")),
                Ligne("sorties", libelle("sorties"), sorties),
                Ligne("sorties_positives", libelle("sorties_positives"), positives),
                Ligne(
                    "taux_sortie_positive",
                    libelle("taux_sortie_positive"),
                    b.derive(c["taux_sortie_positive"], TAUX, "sorties_positives", "sorties"),
                    _detail(positives, sorties),
                ),
                Ligne(
                    "duree_moyenne_jours",
                    libelle("duree_moyenne_jours"),
                    b.derive(c["duree_moyenne_jours"], JOURS, bases=["sorties"]),
                ),
                Ligne(
                    "duree_mediane_jours",
                    libelle("duree_mediane_jours"),
                    b.derive(c["duree_mediane_jours"], JOURS, bases=["sorties"]),
                ),
                Ligne(
                    "delai_moyen_orientation_entree_jours",
                    libelle("delai_moyen_orientation_entree_jours"),
                    b.derive(c["delai_moyen_orientation_entree_jours"], JOURS, bases=["entrees_avec_orientation"]),
                ),
            ],
        ),
        Section(
            "profil",
            _("Profil des personnes entrées dans la période"),
            [
                part("part_rsa", "rsa"),
                part("part_qpv", "qpv"),
                part("part_femmes", "femmes"),
                part("part_hommes", "hommes"),
                part("part_moins_26", "moins_26"),
                part("part_55_plus", "plus_55"),
                part("part_cite_0_2", "cite_0_2"),
            ],
        ),
        Section(
            "suivi",
            _("Contacts et portefeuilles"),
            [
                Ligne(
                    "contacts_par_personne_mois",
                    libelle("contacts_par_personne_mois"),
                    b.derive(c["contacts_par_personne_mois"], DECIMAL, bases=["presents"]),
                    _("%(c)s contacts pour %(pm)s personnes-mois")
                    % {
                        "c": Valeur(c["contacts_honores"], ENTIER, b.masquer and sensible(c["presents"])).texte,
                        "pm": Valeur(c["personnes_mois"], DECIMAL, b.masquer and sensible(c["presents"])).texte,
                    },
                ),
                Ligne(
                    "part_sans_contact",
                    libelle("part_sans_contact"),
                    b.derive(c["part_sans_contact"], TAUX, "sans_contact", "actifs_fin_periode"),
                    _detail(b.compte("sans_contact"), b.compte("actifs_fin_periode")),
                ),
                Ligne(
                    "portefeuille_moyen_conseiller",
                    libelle("portefeuille_moyen_conseiller"),
                    b.derive(c["portefeuille_moyen_conseiller"], DECIMAL, bases=["en_cours_avec_conseiller"]),
                    ngettext("%(n)s conseiller", "%(n)s conseillers", c["conseillers"]) % {"n": c["conseillers"]},
                ),
                Ligne(
                    "portefeuille_moyen_referent",
                    libelle("portefeuille_moyen_referent"),
                    b.derive(c["portefeuille_moyen_referent"], DECIMAL, bases=["en_cours_avec_referent"]),
                    ngettext("%(n)s travailleur social", "%(n)s travailleurs sociaux", c["referents"])
                    % {"n": c["referents"]},
                ),
            ],
            note=_("Seuil d'alerte sans contact du département : %(n)s jours.") % {"n": seuil},
        ),
        Section(
            "cohortes",
            _("Emploi durable des personnes entrées dans la période (cohorte)"),
            [
                Ligne(
                    "taux_emploi_durable_6_mois",
                    libelle("taux_emploi_durable_6_mois"),
                    b.derive(c["taux_emploi_durable_6_mois"], TAUX, "emploi_durable_6_mois", "entrees"),
                    _detail(b.compte("emploi_durable_6_mois"), entrees),
                ),
                Ligne(
                    "taux_emploi_durable_12_mois",
                    libelle("taux_emploi_durable_12_mois"),
                    b.derive(c["taux_emploi_durable_12_mois"], TAUX, "emploi_durable_12_mois", "entrees"),
                    _detail(b.compte("emploi_durable_12_mois"), entrees),
                ),
            ],
            note=_note_cohortes(c),
        ),
    ]
    tableau.motifs = [
        {
            "code": motif,
            "libelle": str(libelle_motif),
            "positif": motif in codes,
            "valeur": b.compte(f"motif:{motif}"),
        }
        for motif, libelle_motif in MotifSortie.choices
    ]
    tableau.serie = _serie(b, serie)
    tableau.comparaisons = _comparaisons(b, ventilations, perimetre, modalite, periode)
    tableau.graphiques = _graphiques(tableau)
    return tableau


def _note_cohortes(c: dict) -> str:
    if not c.get("cohorte_6_mois_complete", True):
        return _(
            "Cohorte incomplète : certaines personnes entrées dans la période n'ont pas encore 6 mois "
            "d'accompagnement ; les taux augmenteront encore."
        )
    if not c.get("cohorte_12_mois_complete", True):
        return _(
            "Cohorte incomplète à 12 mois : certaines personnes entrées dans la période n'ont pas encore 12 mois "
            "d'accompagnement."
        )
    return ""


def _serie(b: _Construction, serie: list[dict]) -> list[dict]:
    lignes = []
    for i, ligne in enumerate(serie):
        sorties = ligne["sorties"]
        valeurs = {
            "entrees": b.compte(f"m{i}:entrees"),
            "sorties": b.compte(f"m{i}:sorties"),
            "sorties_positives": b.compte(f"m{i}:sorties_positives"),
            "taux_sortie_positive": b.derive(
                indicateurs.rapport(ligne["sorties_positives"], sorties),
                TAUX,
                f"m{i}:sorties_positives",
                f"m{i}:sorties",
            ),
            "duree_moyenne_jours": b.derive(
                indicateurs.rapport(ligne["somme_duree_jours"], sorties, 1), JOURS, bases=[f"m{i}:sorties"]
            ),
            "en_cours_fin_mois": b.compte(f"m{i}:en_cours_fin_mois"),
        }
        lignes.append(
            {
                "mois": ligne["mois"],
                "libelle": mois_libelle(ligne["mois"]),
                "valeurs": valeurs,
                "cellules": [valeurs[cle] for cle, _libelle in COLONNES_SERIE],
            }
        )
    return lignes


def _ventilations(perimetre: Perimetre, parcours, periode, codes) -> list:
    """(clé, titre, intitulé de colonne, {clé de ligne: comptes}, {clé de ligne: libellé}) des comparaisons."""
    resultat = []
    if perimetre.niveau == "departement":
        deux = indicateurs.ventilations(parcours, periode, codes, ["organisation_conseiller", "organisation_referent"])
        agences, unites = deux["organisation_conseiller"], deux["organisation_referent"]
        noms = dict(Organisation.objects.filter(pk__in=[k for k in (*agences, *unites) if k]).values_list("pk", "nom"))
        resultat.append(("agences", _("Comparaison des agences France Travail"), _("Agence"), agences, noms))
        resultat.append(
            ("unites", _("Comparaison des unités d'action sociale"), _("Unité ou conseil départemental"), unites, noms)
        )
    elif perimetre.niveau == "organisation" and perimetre.detail_agents:
        champ = champ_agent(perimetre.organisation)
        agents = indicateurs.ventilation(parcours, periode, codes, champ)
        noms = {
            u.pk: u.get_full_name()
            for u in Utilisateur.objects.filter(pk__in=[k for k in agents if k]).only("prenom", "nom")
        }
        titre = (
            _("Comparaison des conseillers") if champ == "conseiller" else _("Comparaison des travailleurs sociaux")
        )
        resultat.append(("agents", titre, _("Agent"), agents, noms))
    return resultat


def _comparaisons(b: _Construction, ventilations, perimetre: Perimetre, modalite, periode) -> list[Comparaison]:
    comparaisons = []
    for cle_table, titre, colonne, lignes, noms in ventilations:
        comparaison = Comparaison(cle_table, titre, colonne)
        ordre = sorted(lignes, key=lambda k: (k is None, str(noms.get(k, "")).lower(), k or 0))
        for cle_ligne in ordre:
            valeurs = lignes[cle_ligne]
            prefixe = f"{cle_table}:{cle_ligne}"
            requete = ""
            if cle_ligne is not None:
                if cle_table == "agents" and perimetre.detail_agents:
                    requete = requete_filtres({**perimetre.parametres(), "agent": cle_ligne}, modalite, periode)
                elif cle_table in ("agences", "unites") and perimetre.detail_organisations:
                    requete = requete_filtres(
                        {"departement": perimetre.departement.code, "organisation": cle_ligne}, modalite, periode
                    )
            cellules = _valeurs_ligne(b, prefixe, valeurs)
            comparaison.lignes.append(
                {
                    "libelle": noms.get(cle_ligne, "") if cle_ligne is not None else _("Non renseigné"),
                    "requete": requete,
                    "valeurs": cellules,
                    "cellules": [cellules[cle] for cle, _libelle in COLONNES_COMPARAISON],
                }
            )
        comparaisons.append(comparaison)
    return comparaisons


def _valeurs_ligne(b: _Construction, prefixe: str, valeurs: dict) -> dict:
    sorties = valeurs["sorties"]
    return {
        "entrees": b.compte(f"{prefixe}:entrees"),
        "en_cours_fin_periode": b.compte(f"{prefixe}:en_cours_fin_periode"),
        "sorties": b.compte(f"{prefixe}:sorties"),
        "sorties_positives": b.compte(f"{prefixe}:sorties_positives"),
        "taux_sortie_positive": b.derive(
            indicateurs.rapport(valeurs["sorties_positives"], sorties),
            TAUX,
            f"{prefixe}:sorties_positives",
            f"{prefixe}:sorties",
        ),
        "duree_moyenne_jours": b.derive(
            indicateurs.rapport(valeurs["somme_duree_jours"], sorties, 1), JOURS, bases=[f"{prefixe}:sorties"]
        ),
    }


def _graphiques(tableau: Tableau) -> list:
    categories = [ligne["libelle"] for ligne in tableau.serie]
    debut, fin = (categories[0], categories[-1]) if categories else ("", "")
    flux = graphiques.barres(
        "graphique-flux",
        _("Entrées, sorties et sorties positives par mois"),
        _(
            "Histogramme groupé de %(debut)s à %(fin)s : pour chaque mois, les entrées (barres pleines), les sorties "
            "(barres hachurées) et les sorties positives (barres à points), valeur inscrite au-dessus de chaque "
            "barre. Les mêmes valeurs figurent dans le tableau qui suit."
        )
        % {"debut": debut, "fin": fin},
        categories,
        [
            {"libelle": _("Entrées"), "valeurs": [ligne["valeurs"]["entrees"] for ligne in tableau.serie]},
            {"libelle": _("Sorties"), "valeurs": [ligne["valeurs"]["sorties"] for ligne in tableau.serie]},
            {
                "libelle": _("Sorties positives"),
                "valeurs": [ligne["valeurs"]["sorties_positives"] for ligne in tableau.serie],
            },
        ],
    )
    stock = graphiques.barres(
        "graphique-stock",
        _("Personnes en cours d'accompagnement à la fin de chaque mois"),
        _(
            "Histogramme de %(debut)s à %(fin)s : nombre de parcours en cours le dernier jour de chaque mois, valeur "
            "inscrite au-dessus de chaque barre. Les mêmes valeurs figurent dans le tableau qui suit."
        )
        % {"debut": debut, "fin": fin},
        categories,
        [
            {
                "libelle": _("En cours en fin de mois"),
                "valeurs": [ligne["valeurs"]["en_cours_fin_mois"] for ligne in tableau.serie],
            }
        ],
    )
    return [flux, stock]


def resume(perimetre: Perimetre, *, aujourdhui: datetime.date) -> dict:
    """Quatre chiffres des 12 derniers mois pour l'accueil (masqués comme le tableau de bord). Trois requêtes."""
    from binome.accompagnement.enums import Modalite as M
    from binome.pilotage.forms import periode_par_defaut

    periode = indicateurs.Periode(*periode_par_defaut(aujourdhui))
    definition = definition_applicable(perimetre.departement.code, periode.au)
    c = indicateurs.comptages(parcours_du_perimetre(perimetre, M.GLOBAL), periode, definition.codes)
    b = _Construction(perimetre.masque)
    for cle in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
        b.effectif(cle, c[cle])
    b.effectif("sorties_autres", c["sorties"] - c["sorties_positives"], implicite=True)
    b.grille.relation("sorties", ["sorties_positives", "sorties_autres"])
    b.resoudre()
    return {
        "perimetre": perimetre,
        "periode": periode,
        "requete": requete_filtres(perimetre.parametres(), M.GLOBAL, periode),
        "definition": definition,
        "lignes": [
            Ligne("entrees", str(DEFINITIONS["entrees"][0]), b.compte("entrees")),
            Ligne("en_cours_fin_periode", _("Personnes en cours aujourd'hui"), b.compte("en_cours_fin_periode")),
            Ligne("sorties", str(DEFINITIONS["sorties"][0]), b.compte("sorties")),
            Ligne(
                "taux_sortie_positive",
                str(DEFINITIONS["taux_sortie_positive"][0]),
                b.derive(
                    indicateurs.rapport(c["sorties_positives"], c["sorties"]), TAUX, "sorties_positives", "sorties"
                ),
            ),
        ],
    }
