"""Import des parcours existants : contrôles en base (départements, communes, utilisateurs, doublons,
chronologie de chaque personne), calculés entièrement avant toute écriture. Voir ``services/importation.py``."""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement import enums as e
from binome.accompagnement import machine
from binome.accompagnement.fichier_import import Anomalie, LigneParcours
from binome.accompagnement.models import Parcours, PeriodeSuspension, Personne, Sortie
from binome.comptes.models import TYPES_ORGANISATION_PAR_ROLE, Habilitation, Role, Utilisateur
from binome.comptes.selectors import departements_administres
from binome.core.texte import normaliser as _normaliser_texte
from binome.organisations.models import ParametresDepartement
from binome.territoires.models import Commune, Departement

TAILLE_LOT = 500
# Noms et prénoms reviennent d'une ligne à l'autre (et d'une passe à l'autre) : normalisés une fois, cache borné.
normaliser = functools.lru_cache(maxsize=16384)(_normaliser_texte)
_ROLES_ATTENDUS = {
    Role.CONSEILLER_FT: gettext_lazy("conseiller France Travail"),
    Role.TRAVAILLEUR_SOCIAL: gettext_lazy("travailleur social"),
}


@dataclass
class Periode:
    """Un parcours d'une personne pour le contrôle de chronologie : fichier ou base."""

    entree: datetime.date | None
    sortie: datetime.date | None
    ouvert: bool
    ligne: int | None = None  # numéro de ligne si le parcours vient du fichier
    etat_binome: str = ""  # état dans Binôme d'un parcours déjà enregistré

    def decrire(self) -> str:
        if self.ligne is not None:
            return _("le parcours de la ligne %(n)s") % {"n": self.ligne}
        if self.entree is None:
            return _("un parcours en cours dans Binôme (état « %(etat)s »)") % {
                "etat": e.EtatParcours(self.etat_binome).label
            }
        return _("un parcours enregistré dans Binôme (entrée le %(d)s)") % {"d": self.entree.strftime("%d/%m/%Y")}


class FichePersonne:
    """Ce que le contrôle garde d'une personne du fichier entre les lots : quelques valeurs, jamais ses lignes.

    C'est la seule mémoire de l'import qui croît avec le fichier (une fiche par personne, un triplet par
    parcours) : les doublons et la chronologie comparent des lignes éloignées les unes des autres."""

    __slots__ = ("existante", "identite", "premiere", "source", "source_entree", "periodes", "pk")

    def __init__(self, ligne: LigneParcours):
        self.existante: int | None = None  # clé de la personne déjà enregistrée dans Binôme
        self.identite = _identite(ligne)  # celle de la première ligne de la personne
        self.premiere = ligne.numero
        # Ligne qui donne la situation d'une personne à créer : celle du parcours le plus récent.
        self.source = ligne.numero
        self.source_entree = ligne.date_entree
        # (entrée, sortie, ligne) de chaque parcours ; un tuple, plus petit qu'une liste (un parcours le plus souvent).
        self.periodes: tuple[tuple[datetime.date, datetime.date | None, int], ...] = ()
        self.pk: int | None = None  # clé réservée à l'écriture d'une personne créée


@dataclass
class Plan:
    """Ce que l'import fera : calculé avant toute écriture (et seul calcul en --dry-run), sans les lignes."""

    personnes: dict[str, FichePersonne] = field(default_factory=dict)
    presents: set[int] = field(default_factory=set)  # lignes de parcours déjà enregistrés : rien à créer
    # Ligne → (parcours en cours dans Binôme, date et motif de la sortie apportée par le fichier).
    sorties_a_ajouter: dict[int, tuple[int, datetime.date, str]] = field(default_factory=dict)
    parcours_a_creer: int = 0
    inchanges: int = 0

    @property
    def personnes_a_creer(self) -> int:
        return sum(1 for fiche in self.personnes.values() if fiche.existante is None)

    @property
    def personnes_retrouvees(self) -> int:
        return len(self.personnes) - self.personnes_a_creer


def cle_personne(ligne: LigneParcours) -> str:
    """Département et identifiant France Travail, en une chaîne (moins de mémoire qu'un tuple)."""
    return f"{ligne.departement}\x1f{ligne.identifiant_ft}"


def _par_lots(valeurs):
    valeurs = sorted(valeurs)
    for debut in range(0, len(valeurs), TAILLE_LOT):
        yield valeurs[debut : debut + TAILLE_LOT]


class _Lectures:
    """Lectures groupées pour les contrôles, lot par lot ; les référentiels (départements, communes,
    utilisateurs) restent en cache, bornés par leur propre taille et non par celle du fichier."""

    def _charger_lot(self, lignes: list[LigneParcours]):
        codes_dept = {ligne.departement for ligne in lignes} - self.depts_vus
        if codes_dept:
            self.depts_vus |= codes_dept
            trouves = set(Departement.objects.filter(code__in=codes_dept).values_list("code", flat=True))
            self.departements |= trouves
            self.durees.update(
                ParametresDepartement.objects.filter(departement__in=trouves).values_list(
                    "departement_id", "duree_parcours_mois"
                )
            )
        codes = {ligne.code_commune for ligne in lignes} - self.communes.keys()
        for lot in _par_lots(codes):
            self.communes.update(dict.fromkeys(lot))  # None : inconnue du référentiel
            self.communes.update(
                {
                    code: (dept, nom)
                    for code, dept, nom in Commune.objects.filter(code_insee__in=lot).values_list(
                        "code_insee", "departement_id", "nom"
                    )
                }
            )
        self._charger_utilisateurs(lignes)
        self._charger_personnes(lignes)

    def _charger_utilisateurs(self, lignes: list[LigneParcours]):
        emails = {ligne.conseiller_email for ligne in lignes} | {ligne.referent_social_email for ligne in lignes}
        emails -= self.emails_vus | {""}
        if not emails:
            return
        self.emails_vus |= emails
        nouveaux = []
        for lot in _par_lots(emails):
            for utilisateur in Utilisateur.objects.annotate(email_min=Lower("email")).filter(email_min__in=lot):
                self.utilisateurs[utilisateur.email_min] = utilisateur
                nouveaux.append(utilisateur.pk)
        # (utilisateur, rôle, département) → organisation (la première par nom s'il en a plusieurs).
        roles = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL)
        for utilisateur_id, role, organisation_id, dept, type_org in (
            Habilitation.objects.filter(
                utilisateur__in=nouveaux,
                role__in=roles,
                active=True,
                organisation__active=True,
            )
            .order_by("organisation__nom", "organisation_id")
            .values_list(
                "utilisateur_id", "role", "organisation_id", "organisation__departement_id", "organisation__type"
            )
        ):
            if type_org in TYPES_ORGANISATION_PAR_ROLE[role]:
                self.habilitations.setdefault((utilisateur_id, role, dept), organisation_id)

    def _majuscules(self, dept: str) -> bool:
        """Vrai si aucun identifiant France Travail du département n'a de minuscule (lu une fois par import)."""
        if dept not in self.majuscules:
            minuscules = Personne.objects.filter(departement_id=dept).exclude(identifiant_ft=Upper("identifiant_ft"))
            self.majuscules[dept] = not minuscules.exists()
        return self.majuscules[dept]

    def _charger_personnes(self, lignes: list[LigneParcours]):
        """Personnes du lot déjà enregistrées, avec leurs parcours : le temps du lot seulement."""
        self.personnes_existantes: dict[str, Personne] = {}
        par_dept = defaultdict(set)
        for ligne in lignes:
            par_dept[ligne.departement].add(ligne.identifiant_ft)
        for dept, identifiants in par_dept.items():
            if dept not in self.departements:
                continue
            # Identifiants tous en majuscules dans le département (le cas normal) : comparaison exacte, lue sur
            # l'index ; sinon UPPER(), qu'aucun index B-tree ne sert (parcours des personnes du département).
            filtre = "identifiant_ft__in" if self._majuscules(dept) else "id_maj__in"
            for lot in _par_lots(identifiants):
                for personne in Personne.objects.annotate(id_maj=Upper("identifiant_ft")).filter(
                    departement_id=dept, **{filtre: lot}
                ):
                    self.personnes_existantes[f"{dept}\x1f{personne.id_maj}"] = personne
        self.parcours_existants: dict[int, list[Parcours]] = defaultdict(list)
        pks = [p.pk for p in self.personnes_existantes.values()]
        self.suspensions_en_cours: dict[int, PeriodeSuspension] = {}
        self.avec_sortie: set[int] = set()
        for lot in _par_lots(pks):
            for parcours in Parcours.objects.filter(personne__in=lot).order_by("pk"):
                self.parcours_existants[parcours.personne_id].append(parcours)
            for suspension in PeriodeSuspension.objects.filter(parcours__personne__in=lot, fin__isnull=True):
                self.suspensions_en_cours[suspension.parcours_id] = suspension
            self.avec_sortie.update(
                Sortie.objects.filter(parcours__personne__in=lot).values_list("parcours_id", flat=True)
            )


class Controle(_Lectures):
    """Contrôles en base, lot par lot (``controler_lot``), puis entre toutes les lignes (``terminer``) ; le
    résultat est le plan d'écriture (``Plan``) et les anomalies."""

    def __init__(self, acteur, departement: str | None = None):
        self.acteur = acteur
        self.departement = departement  # --departement de la commande : rien n'est écrit ailleurs
        self.anomalies: list[Anomalie] = []
        self.plan = Plan()
        # Départements que l'acteur administre (None : tous, ou pas d'acteur — commande d'administration).
        self.administres = departements_administres(acteur) if acteur is not None else None
        self.depts_vus: set[str] = set()
        self.departements: set[str] = set()
        self.durees: dict[str, int] = {}
        self.communes: dict[str, tuple[str, str] | None] = {}
        self.emails_vus: set[str] = set()
        self.utilisateurs: dict[str, Utilisateur] = {}
        self.habilitations: dict[tuple[int, str, str], int] = {}
        self.majuscules: dict[str, bool] = {}  # département → identifiants tous en majuscules

    def erreur(self, ligne: LigneParcours | int, colonne: str, message: str):
        numero = ligne if isinstance(ligne, int) else ligne.numero
        self.anomalies.append(Anomalie(numero, message, colonne))

    def controler_lot(self, lignes: list[LigneParcours]):
        """Contrôles en base d'un lot de lignes (dans l'ordre du fichier) ; ceux qui comparent des lignes entre
        elles (doublons, chronologie) ne portent que sur les lignes au format correct."""
        self._charger_lot(lignes)
        for ligne in lignes:
            self._ligne(ligne)
        for ligne in lignes:
            if not ligne.anomalies:
                self._doublons_et_identites(ligne)

    def terminer(self) -> Plan:
        """La chronologie de chaque personne, une fois toutes ses lignes vues."""
        self._chronologie()
        return self.plan

    # --- Une ligne ---------------------------------------------------------------------------------

    def _ligne(self, ligne: LigneParcours):
        fautives = {anomalie.colonne for anomalie in ligne.anomalies}
        if "departement" in fautives:
            return  # commune et habilitations se contrôlent par rapport au département
        if ligne.departement not in self.departements:
            self.erreur(ligne, "departement", _("département « %(v)s » inconnu de Binôme") % {"v": ligne.departement})
            return  # commune et habilitations se contrôlent par rapport au département
        if self.departement is not None and ligne.departement != self.departement:
            self.erreur(
                ligne,
                "departement",
                _("département « %(v)s » hors du département « %(d)s » importé")
                % {"v": ligne.departement, "d": self.departement},
            )
        if self.administres is not None and ligne.departement not in self.administres:
            self.erreur(
                ligne,
                "departement",
                _("vous n'administrez pas le département « %(v)s »") % {"v": ligne.departement},
            )
        commune = self.communes.get(ligne.code_commune)
        if "code_commune" in fautives:
            pass
        elif commune is None:
            self.erreur(
                ligne,
                "code_commune",
                _("commune « %(v)s » inconnue du référentiel des communes") % {"v": ligne.code_commune},
            )
        elif commune[0] != ligne.departement:
            self.erreur(
                ligne,
                "code_commune",
                _("la commune « %(v)s » (%(nom)s) n'est pas dans le département « %(d)s »")
                % {"v": ligne.code_commune, "nom": commune[1], "d": ligne.departement},
            )
        self._utilisateur(ligne, "conseiller_email", Role.CONSEILLER_FT)
        self._utilisateur(ligne, "referent_social_email", Role.TRAVAILLEUR_SOCIAL)

    def _utilisateur(self, ligne: LigneParcours, colonne: str, role: str):
        email = getattr(ligne, colonne)
        if not email:
            return
        utilisateur = self.utilisateurs.get(email)
        if utilisateur is None:
            self.erreur(ligne, colonne, _("aucun utilisateur de Binôme n'a l'adresse « %(v)s »") % {"v": email})
        elif not utilisateur.is_active:
            self.erreur(ligne, colonne, _("le compte « %(v)s » est désactivé") % {"v": email})
        elif (utilisateur.pk, role, ligne.departement) not in self.habilitations:
            self.erreur(
                ligne,
                colonne,
                _("« %(v)s » n'a pas d'habilitation active de %(role)s dans le département « %(d)s »")
                % {"v": email, "role": _ROLES_ATTENDUS[role], "d": ligne.departement},
            )

    # --- Entre les lignes, et avec la base ------------------------------------------------------------

    def _doublons_et_identites(self, ligne: LigneParcours):
        cle = cle_personne(ligne)
        fiche = self.plan.personnes.get(cle)
        if fiche is None:
            fiche = self.plan.personnes[cle] = FichePersonne(ligne)
        else:
            premiere = next((n for entree, _s, n in fiche.periodes if entree == ligne.date_entree), None)
            if premiere is not None:
                self.erreur(
                    ligne,
                    "",
                    _("même parcours (département, identifiant France Travail, date d'entrée) que la ligne %(n)s")
                    % {"n": premiere},
                )
                return
            if fiche.identite != _identite(ligne):
                self.erreur(
                    ligne,
                    "identifiant_ft",
                    _(
                        "même identifiant France Travail que la ligne %(n)s mais nom, prénom ou date de naissance "
                        "différents"
                    )
                    % {"n": fiche.premiere},
                )
            if ligne.date_entree > fiche.source_entree:
                fiche.source, fiche.source_entree = ligne.numero, ligne.date_entree
        fiche.periodes += ((ligne.date_entree, ligne.date_sortie, ligne.numero),)
        existante = self.personnes_existantes.get(cle)
        if existante is None:
            return
        fiche.existante = existante.pk
        if not _identite_compatible(existante, ligne):
            self.erreur(
                ligne,
                "identifiant_ft",
                _(
                    "cet identifiant France Travail désigne dans Binôme une autre personne (nom ou date de "
                    "naissance différents) : vérifiez l'identifiant"
                ),
            )
        # Un parcours déjà enregistré (même date d'entrée) n'est modifiable que par l'ajout de sa sortie.
        par_entree = {p.date_entree: p for p in self.parcours_existants.get(existante.pk, []) if p.date_entree}
        parcours = par_entree.get(ligne.date_entree)
        if parcours is not None:
            self.plan.presents.add(ligne.numero)
            self._parcours_present(ligne, parcours)

    def _chronologie(self):
        """Parcours de chaque personne : ceux du fichier et ceux de Binôme. Un seul en cours ; pas de
        chevauchement. Les parcours de Binôme sont relus par lots de personnes."""
        avec_existante = [fiche for fiche in self.plan.personnes.values() if fiche.existante is not None]
        existants: dict[int, list[Parcours]] = defaultdict(list)
        for debut in range(0, len(avec_existante), TAILLE_LOT):
            lot = avec_existante[debut : debut + TAILLE_LOT]
            existants.clear()
            for parcours in Parcours.objects.filter(personne__in=[f.existante for f in lot]).order_by("pk"):
                existants[parcours.personne_id].append(parcours)
            for fiche in lot:
                self._chronologie_personne(fiche, existants[fiche.existante])
        presents = self.plan.presents
        for fiche in self.plan.personnes.values():
            self.plan.parcours_a_creer += sum(1 for _e, _s, numero in fiche.periodes if numero not in presents)
            if fiche.existante is None:
                if len(fiche.periodes) > 1:  # un seul parcours, sans personne connue : rien à comparer
                    self._chronologie_personne(fiche, [])

    def _chronologie_personne(self, fiche: FichePersonne, existants: list[Parcours]):
        entrees_fichier = {entree for entree, _s, _n in fiche.periodes}
        periodes = [Periode(entree, sortie, sortie is None, numero) for entree, sortie, numero in fiche.periodes]
        for parcours in existants:
            if parcours.date_entree is None or parcours.date_entree not in entrees_fichier:
                periodes.append(
                    Periode(
                        parcours.date_entree,
                        parcours.date_sortie,
                        not parcours.est_clos,
                        etat_binome=parcours.etat,
                    )
                )
        self._periodes_compatibles([numero for _e, _s, numero in fiche.periodes], periodes)

    def _parcours_present(self, ligne: LigneParcours, parcours: Parcours):
        date_fichier = ligne.date_sortie.strftime("%d/%m/%Y") if ligne.date_sortie else ""
        if machine.est_sorti(parcours):
            if ligne.date_sortie is None:
                self.erreur(
                    ligne,
                    "date_sortie",
                    _("ce parcours est clos dans Binôme (sortie le %(d)s) ; le fichier le présente en cours")
                    % {"d": parcours.date_sortie.strftime("%d/%m/%Y")},
                )
            elif (ligne.date_sortie, ligne.motif_sortie) != (parcours.date_sortie, parcours.motif_sortie):
                self.erreur(
                    ligne,
                    "date_sortie",
                    _(
                        "ce parcours est déjà clos dans Binôme avec une autre sortie (le %(d)s, motif %(m)s) ; "
                        "une sortie enregistrée ne se modifie pas par import"
                    )
                    % {"d": parcours.date_sortie.strftime("%d/%m/%Y"), "m": parcours.motif_sortie},
                )
            else:
                self.plan.inchanges += 1
        elif machine.est_en_cours(parcours):
            if ligne.date_sortie is None:
                self.plan.inchanges += 1
                return
            suspension = self.suspensions_en_cours.get(parcours.pk)
            if parcours.pk in self.avec_sortie:
                self.erreur(ligne, "date_sortie", _("ce parcours a déjà une sortie enregistrée dans Binôme"))
            elif suspension is not None and ligne.date_sortie < suspension.debut:
                self.erreur(
                    ligne,
                    "date_sortie",
                    _("la sortie du %(d)s précède le début de la suspension en cours dans Binôme (%(s)s)")
                    % {"d": date_fichier, "s": suspension.debut.strftime("%d/%m/%Y")},
                )
            else:
                self.plan.sorties_a_ajouter[ligne.numero] = (parcours.pk, ligne.date_sortie, ligne.motif_sortie)
        else:
            self.erreur(
                ligne,
                "date_entree",
                _("ce parcours existe dans Binôme dans l'état « %(etat)s », qu'un import ne peut pas modifier")
                % {"etat": parcours.get_etat_display()},
            )

    def _periodes_compatibles(self, numeros: list[int], periodes: list[Periode]):
        en_faute: dict[int, str] = {}
        ouverts = [p for p in periodes if p.ouvert]
        if len(ouverts) > 1:
            for periode in ouverts:
                if periode.ligne is not None:
                    autre = next(p for p in ouverts if p is not periode)
                    en_faute.setdefault(
                        periode.ligne,
                        _("la personne a déjà un parcours en cours : %(autre)s (un seul à la fois)")
                        % {"autre": autre.decrire()},
                    )
        datees = sorted((p for p in periodes if p.entree), key=lambda p: (p.entree, p.ligne or 0))
        for avant, apres in zip(datees, datees[1:]):
            if avant.sortie is None or avant.sortie > apres.entree:
                for periode, autre in ((apres, avant), (avant, apres)):
                    if periode.ligne is not None:
                        en_faute.setdefault(
                            periode.ligne,
                            _("ce parcours chevauche %(autre)s") % {"autre": autre.decrire()},
                        )
        for numero in numeros:
            if numero in en_faute:
                self.erreur(numero, "date_entree", en_faute[numero])


def _identite(ligne: LigneParcours) -> str:
    """Nom, prénom (normalisés) et date de naissance en une chaîne : la forme la plus compacte à garder."""
    return f"{normaliser(ligne.nom)}\x1f{normaliser(ligne.prenom)}\x1f{ligne.date_naissance}"


def _identite_compatible(personne: Personne, ligne: LigneParcours) -> bool:
    """Une personne déjà connue (anonymisée ou sans identité renseignée : rien à comparer)."""
    if personne.nom_normalise and personne.nom_normalise != normaliser(ligne.nom):
        return False
    return not (personne.date_naissance and personne.date_naissance != ligne.date_naissance)
