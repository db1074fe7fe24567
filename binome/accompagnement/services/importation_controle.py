"""Import des parcours existants : contrôles en base (départements, communes, utilisateurs, doublons,
chronologie de chaque personne), calculés entièrement avant toute écriture. Voir ``services/importation.py``."""

import datetime
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
from binome.core.texte import normaliser
from binome.organisations.models import ParametresDepartement
from binome.territoires.models import Commune, Departement

TAILLE_LOT = 500
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


@dataclass
class Plan:
    """Ce que l'import fera : calculé entièrement avant toute écriture (et seul calcul en --dry-run)."""

    personnes_a_creer: dict[tuple[str, str], LigneParcours] = field(default_factory=dict)
    personnes: dict[tuple[str, str], Personne] = field(default_factory=dict)
    parcours_a_creer: list[LigneParcours] = field(default_factory=list)
    sorties_a_ajouter: list[tuple[LigneParcours, Parcours]] = field(default_factory=list)
    inchanges: int = 0


def _par_lots(valeurs):
    valeurs = sorted(valeurs)
    for debut in range(0, len(valeurs), TAILLE_LOT):
        yield valeurs[debut : debut + TAILLE_LOT]


class _Lectures:
    """Lectures groupées pour les contrôles, par lots (quelques requêtes quel que soit le nombre de lignes)."""

    def _charger(self):
        """Départements, durées, communes, utilisateurs et habilitations, personnes et parcours connus."""
        codes_dept = {ligne.departement for ligne in self.lignes}
        self.departements = set(Departement.objects.filter(code__in=codes_dept).values_list("code", flat=True))
        self.durees = dict(
            ParametresDepartement.objects.filter(departement__in=self.departements).values_list(
                "departement_id", "duree_parcours_mois"
            )
        )
        self.communes = {}
        for lot in _par_lots({ligne.code_commune for ligne in self.lignes}):
            self.communes.update(
                {
                    code: (dept, nom)
                    for code, dept, nom in Commune.objects.filter(code_insee__in=lot).values_list(
                        "code_insee", "departement_id", "nom"
                    )
                }
            )
        self._charger_utilisateurs()
        self._charger_personnes()

    def _charger_utilisateurs(self):
        emails = {ligne.conseiller_email for ligne in self.lignes} | {
            ligne.referent_social_email for ligne in self.lignes
        }
        emails.discard("")
        self.utilisateurs: dict[str, Utilisateur] = {}
        for lot in _par_lots(emails):
            for utilisateur in Utilisateur.objects.annotate(email_min=Lower("email")).filter(email_min__in=lot):
                self.utilisateurs[utilisateur.email_min] = utilisateur
        # (utilisateur, rôle, département) → organisation (la première par nom s'il en a plusieurs).
        self.habilitations: dict[tuple[int, str, str], int] = {}
        roles = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL)
        for utilisateur_id, role, organisation_id, dept, type_org in (
            Habilitation.objects.filter(
                utilisateur__in=[u.pk for u in self.utilisateurs.values()],
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

    def _charger_personnes(self):
        self.personnes_existantes: dict[tuple[str, str], Personne] = {}
        par_dept = defaultdict(set)
        for ligne in self.lignes:
            par_dept[ligne.departement].add(ligne.identifiant_ft)
        for dept, identifiants in par_dept.items():
            if dept not in self.departements:
                continue
            for lot in _par_lots(identifiants):
                for personne in Personne.objects.annotate(id_maj=Upper("identifiant_ft")).filter(
                    departement_id=dept, id_maj__in=lot
                ):
                    self.personnes_existantes[(dept, personne.id_maj)] = personne
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
    """Contrôles en base de toutes les lignes ; le résultat est le plan d'écriture (``Plan``) et les anomalies."""

    def __init__(self, lignes: list[LigneParcours], acteur, departement: str | None = None):
        self.lignes = lignes
        self.acteur = acteur
        self.departement = departement  # --departement de la commande : rien n'est écrit ailleurs
        self.anomalies: list[Anomalie] = []
        self.plan = Plan()
        # Départements que l'acteur administre (None : tous, ou pas d'acteur — commande d'administration).
        self.administres = departements_administres(acteur) if acteur is not None else None

    def erreur(self, ligne: LigneParcours, colonne: str, message: str):
        self.anomalies.append(Anomalie(ligne.numero, message, colonne))

    def executer(self) -> Plan:
        """Contrôles en base de toutes les lignes ; ceux qui comparent des lignes entre elles (doublons,
        chronologie) ne portent que sur les lignes au format correct."""
        self._charger()
        for ligne in self.lignes:
            self._ligne(ligne)
        self.lignes = [ligne for ligne in self.lignes if not ligne.anomalies]
        self._doublons_et_identites()
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

    def _doublons_et_identites(self):
        premieres_cles: dict[tuple, LigneParcours] = {}
        premiere_personne: dict[tuple[str, str], LigneParcours] = {}
        for ligne in self.lignes:
            if ligne.cle in premieres_cles:
                self.erreur(
                    ligne,
                    "",
                    _("même parcours (département, identifiant France Travail, date d'entrée) que la ligne %(n)s")
                    % {"n": premieres_cles[ligne.cle].numero},
                )
                continue
            premieres_cles[ligne.cle] = ligne
            cle_personne = ligne.cle[:2]
            premiere = premiere_personne.setdefault(cle_personne, ligne)
            if premiere is not ligne and not _meme_identite(premiere, ligne):
                self.erreur(
                    ligne,
                    "identifiant_ft",
                    _(
                        "même identifiant France Travail que la ligne %(n)s mais nom, prénom ou date de naissance "
                        "différents"
                    )
                    % {"n": premiere.numero},
                )
            existante = self.personnes_existantes.get(cle_personne)
            if existante is not None and not _identite_compatible(existante, ligne):
                self.erreur(
                    ligne,
                    "identifiant_ft",
                    _(
                        "cet identifiant France Travail désigne dans Binôme une autre personne (nom ou date de "
                        "naissance différents) : vérifiez l'identifiant"
                    ),
                )

    def _chronologie(self):
        """Parcours de chaque personne : ceux du fichier et ceux de Binôme. Un seul en cours ; pas de
        chevauchement ; un parcours présent (même clé) n'est modifiable que par l'ajout de sa sortie."""
        lignes_par_personne: dict[tuple[str, str], list[LigneParcours]] = defaultdict(list)
        vues = set()
        for ligne in self.lignes:
            if ligne.cle not in vues:
                vues.add(ligne.cle)
                lignes_par_personne[ligne.cle[:2]].append(ligne)
        for cle_personne, lignes in lignes_par_personne.items():
            existante = self.personnes_existantes.get(cle_personne)
            existants = self.parcours_existants.get(existante.pk, []) if existante else []
            par_entree = {p.date_entree: p for p in existants if p.date_entree}
            periodes: list[Periode] = []
            for ligne in lignes:
                parcours = par_entree.pop(ligne.date_entree, None)
                if parcours is not None:
                    self._parcours_present(ligne, parcours)
                else:
                    self.plan.parcours_a_creer.append(ligne)
                periodes.append(Periode(ligne.date_entree, ligne.date_sortie, ligne.date_sortie is None, ligne.numero))
            for parcours in existants:
                if parcours.date_entree is None or parcours.date_entree in par_entree:
                    periodes.append(
                        Periode(
                            parcours.date_entree,
                            parcours.date_sortie,
                            not parcours.est_clos,
                            etat_binome=parcours.etat,
                        )
                    )
            self._periodes_compatibles(lignes, periodes)
            if existante is None:
                self.plan.personnes_a_creer[cle_personne] = max(lignes, key=lambda ligne: ligne.date_entree)
            else:
                self.plan.personnes[cle_personne] = existante

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
                self.plan.sorties_a_ajouter.append((ligne, parcours))
        else:
            self.erreur(
                ligne,
                "date_entree",
                _("ce parcours existe dans Binôme dans l'état « %(etat)s », qu'un import ne peut pas modifier")
                % {"etat": parcours.get_etat_display()},
            )

    def _periodes_compatibles(self, lignes: list[LigneParcours], periodes: list[Periode]):
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
        for ligne in lignes:
            if ligne.numero in en_faute:
                self.erreur(ligne, "date_entree", en_faute[ligne.numero])


def _meme_identite(a: LigneParcours, b: LigneParcours) -> bool:
    return (normaliser(a.nom), normaliser(a.prenom), a.date_naissance) == (
        normaliser(b.nom),
        normaliser(b.prenom),
        b.date_naissance,
    )


def _identite_compatible(personne: Personne, ligne: LigneParcours) -> bool:
    """Une personne déjà connue (anonymisée ou sans identité renseignée : rien à comparer)."""
    if personne.nom_normalise and personne.nom_normalise != normaliser(ligne.nom):
        return False
    return not (personne.date_naissance and personne.date_naissance != ligne.date_naissance)
