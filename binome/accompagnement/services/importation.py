"""Import des parcours existants (tableurs des départements) : ``parcours_importer``.

Tout ou rien : chaque ligne est contrôlée (format, puis base : département, commune, utilisateurs,
doublons, chronologie de la personne) ; s'il reste une seule anomalie, ``ImportRefuse`` est levée avec
**toutes** les anomalies (numéro de ligne du fichier et raison) et rien n'est écrit. Sinon tout est
écrit dans une seule transaction, chronologie comprise.

Un parcours est identifié par (département, identifiant France Travail, date d'entrée) : réimporter le
même fichier ne change rien. Seule mise à jour possible d'un parcours déjà présent : l'ajout de sa
sortie quand il est en cours dans Binôme. Pour le reste, Binôme fait foi (voir ``docs/import-parcours.md``).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history

from binome.accompagnement import calculs
from binome.accompagnement import enums as e
from binome.accompagnement.fichier_import import (
    Anomalie,
    LigneCSV,
    LigneParcours,
    analyser_ligne,
)
from binome.accompagnement.models import Evenement, Parcours, PeriodeSuspension, Personne, Sortie
from binome.comptes.models import TYPES_ORGANISATION_PAR_ROLE, Habilitation, Role, Utilisateur
from binome.comptes.selectors import departements_administres
from binome.core.texte import normaliser
from binome.organisations.models import ParametresDepartement
from binome.territoires.models import Commune, Departement

RAISON_HISTORIQUE = "Import de parcours existants"
_TAILLE_LOT = 500
_ROLES_ATTENDUS = {
    Role.CONSEILLER_FT: gettext_lazy("conseiller France Travail"),
    Role.TRAVAILLEUR_SOCIAL: gettext_lazy("travailleur social"),
}


class ImportRefuse(ValidationError):
    """Le fichier est refusé en entier ; ``anomalies`` les liste toutes, dans l'ordre des lignes."""

    def __init__(self, anomalies: list[Anomalie]):
        self.anomalies = sorted(anomalies, key=lambda a: (a.ligne, a.colonne))
        super().__init__([str(a) for a in self.anomalies], code="import_refuse")


@dataclass
class RapportImport:
    lignes: int = 0
    personnes_creees: int = 0
    personnes_retrouvees: int = 0
    parcours_crees: int = 0
    parcours_sortis: int = 0  # parcours en cours dans Binôme dont le fichier apporte la sortie
    parcours_inchanges: int = 0
    dry_run: bool = False

    @property
    def modifications(self) -> int:
        return self.personnes_creees + self.parcours_crees + self.parcours_sortis

    def resume(self) -> str:
        morceaux = [
            ngettext("%(n)s ligne valide", "%(n)s lignes valides", self.lignes) % {"n": self.lignes},
            ngettext("%(n)s personne créée", "%(n)s personnes créées", self.personnes_creees)
            % {"n": self.personnes_creees},
            ngettext("%(n)s personne déjà connue", "%(n)s personnes déjà connues", self.personnes_retrouvees)
            % {"n": self.personnes_retrouvees},
            ngettext("%(n)s parcours créé", "%(n)s parcours créés", self.parcours_crees) % {"n": self.parcours_crees},
            ngettext(
                "%(n)s parcours clos (sortie ajoutée)", "%(n)s parcours clos (sortie ajoutée)", self.parcours_sortis
            )
            % {"n": self.parcours_sortis},
            ngettext("%(n)s parcours inchangé", "%(n)s parcours inchangés", self.parcours_inchanges)
            % {"n": self.parcours_inchanges},
        ]
        if self.dry_run:
            prefixe = _("Vérification seulement, rien n'a été enregistré. Le fichier est valide ; il donnerait :")
        elif self.modifications == 0:
            prefixe = _("Import terminé : aucune modification, tout était déjà à jour.")
        else:
            prefixe = _("Import terminé :")
        return f"{prefixe} {', '.join(morceaux)}."


@dataclass
class _Periode:
    """Un parcours d'une personne pour le contrôle de chronologie : fichier ou base."""

    entree: datetime.date | None
    sortie: datetime.date | None
    ouvert: bool
    ligne: int | None = None  # numéro de ligne si le parcours vient du fichier
    etat: str = ""

    def decrire(self) -> str:
        if self.ligne is not None:
            return _("le parcours de la ligne %(n)s") % {"n": self.ligne}
        if self.entree is None:
            return _("un parcours en cours dans Binôme (état « %(etat)s »)") % {
                "etat": e.EtatParcours(self.etat).label
            }
        return _("un parcours enregistré dans Binôme (entrée le %(d)s)") % {"d": self.entree.strftime("%d/%m/%Y")}


@dataclass
class _Plan:
    """Ce que l'import fera : calculé entièrement avant toute écriture (et seul calcul en --dry-run)."""

    personnes_a_creer: dict[tuple[str, str], LigneParcours] = field(default_factory=dict)
    personnes: dict[tuple[str, str], Personne] = field(default_factory=dict)
    parcours_a_creer: list[LigneParcours] = field(default_factory=list)
    sorties_a_ajouter: list[tuple[LigneParcours, Parcours]] = field(default_factory=list)
    inchanges: int = 0


def _lignes_numerotees(lignes: Iterable) -> list[tuple[int, Mapping[str, str], str]]:
    """(numéro, valeurs, erreur de structure) ; un dictionnaire simple est numéroté comme dans un fichier
    dont l'en-tête serait la ligne 1."""
    resultat = []
    for index, ligne in enumerate(lignes):
        if isinstance(ligne, LigneCSV):
            resultat.append((ligne.numero, ligne.valeurs, ligne.erreur))
        else:
            resultat.append((index + 2, ligne, ""))
    return resultat


def _par_lots(valeurs):
    valeurs = sorted(valeurs)
    for debut in range(0, len(valeurs), _TAILLE_LOT):
        yield valeurs[debut : debut + _TAILLE_LOT]


class _Controle:
    """Contrôles en base, faits par lots (quelques requêtes quel que soit le nombre de lignes)."""

    def __init__(self, lignes: list[LigneParcours], acteur):
        self.lignes = lignes
        self.acteur = acteur
        self.anomalies: list[Anomalie] = []
        self.plan = _Plan()
        # Départements que l'acteur administre (None : tous, ou pas d'acteur — commande d'administration).
        self.administres = departements_administres(acteur) if acteur is not None else None

    def erreur(self, ligne: LigneParcours, colonne: str, message: str):
        self.anomalies.append(Anomalie(ligne.numero, message, colonne))

    def executer(self) -> _Plan:
        """Contrôles en base de toutes les lignes ; ceux qui comparent des lignes entre elles (doublons,
        chronologie) ne portent que sur les lignes au format correct."""
        self._charger()
        for ligne in self.lignes:
            self._ligne(ligne)
        self.lignes = [ligne for ligne in self.lignes if not ligne.anomalies]
        self._doublons_et_identites()
        self._chronologie()
        return self.plan

    # --- Lectures groupées -------------------------------------------------------------------------

    def _charger(self):
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

    # --- Une ligne ---------------------------------------------------------------------------------

    def _ligne(self, ligne: LigneParcours):
        fautives = {anomalie.colonne for anomalie in ligne.anomalies}
        if "departement" in fautives:
            return  # commune et habilitations se contrôlent par rapport au département
        if ligne.departement not in self.departements:
            self.erreur(ligne, "departement", _("département « %(v)s » inconnu de Binôme") % {"v": ligne.departement})
            return  # commune et habilitations se contrôlent par rapport au département
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
            periodes: list[_Periode] = []
            for ligne in lignes:
                parcours = par_entree.pop(ligne.date_entree, None)
                if parcours is not None:
                    self._parcours_present(ligne, parcours)
                else:
                    self.plan.parcours_a_creer.append(ligne)
                periodes.append(
                    _Periode(ligne.date_entree, ligne.date_sortie, ligne.date_sortie is None, ligne.numero)
                )
            for parcours in existants:
                if parcours.date_entree is None or parcours.date_entree in par_entree:
                    periodes.append(
                        _Periode(parcours.date_entree, parcours.date_sortie, not parcours.est_clos, etat=parcours.etat)
                    )
            self._periodes_compatibles(lignes, periodes)
            if existante is None:
                self.plan.personnes_a_creer[cle_personne] = max(lignes, key=lambda ligne: ligne.date_entree)
            else:
                self.plan.personnes[cle_personne] = existante

    def _parcours_present(self, ligne: LigneParcours, parcours: Parcours):
        date_fichier = ligne.date_sortie.strftime("%d/%m/%Y") if ligne.date_sortie else ""
        if parcours.etat == e.EtatParcours.SORTI:
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
        elif parcours.etat in e.ETATS_EN_COURS:
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

    def _periodes_compatibles(self, lignes: list[LigneParcours], periodes: list[_Periode]):
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


# --- Écriture -------------------------------------------------------------------------------------------


def _a_midi(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(12)))


def _historiser(objet, acteur):
    objet._change_reason = RAISON_HISTORIQUE
    if acteur is not None:
        objet._history_user = acteur
    return objet


class _Ecriture:
    """Écrit le plan par lots de ``_TAILLE_LOT`` lignes (insertions groupées, historique compris) :
    quelques requêtes par lot au lieu d'une demi-douzaine par ligne."""

    def __init__(self, plan: _Plan, controle: _Controle, acteur):
        self.plan = plan
        self.controle = controle
        self.acteur = acteur
        self.maintenant = timezone.now()
        self.duree = lambda dept: controle.durees.get(dept, calculs.DUREE_PARCOURS_MOIS_DEFAUT)
        self.historique = {"default_user": acteur, "default_change_reason": RAISON_HISTORIQUE}

    def executer(self, avancer: Callable[[int], None]):
        a_creer = self.plan.parcours_a_creer
        for debut in range(0, len(a_creer), _TAILLE_LOT):
            lot = a_creer[debut : debut + _TAILLE_LOT]
            self._personnes(lot)
            self._parcours(lot)
            avancer(len(lot))
        for ligne, parcours in self.plan.sorties_a_ajouter:
            self._sortie_ajoutee(ligne, parcours)
            avancer(1)

    def _creer(self, objets: list, modele) -> list:
        if not objets:
            return []
        if hasattr(modele, "history"):
            return bulk_create_with_history(objets, modele, batch_size=_TAILLE_LOT, **self.historique)
        return modele.objects.bulk_create(objets, batch_size=_TAILLE_LOT)

    def _evenement(self, *, personne, type, libelle, date, parcours=None) -> Evenement:
        """Même ligne de chronologie que ``evenement_enregistrer``, à insérer par lot."""
        return Evenement(
            personne=personne, parcours=parcours, type=type, libelle=libelle[:255], acteur=self.acteur, date=date
        )

    def _personnes(self, lot: list[LigneParcours]):
        nouvelles = []
        for ligne in lot:
            cle = ligne.cle[:2]
            if cle in self.plan.personnes:
                continue
            # La situation courante est celle du parcours le plus récent de la personne dans le fichier.
            source = self.plan.personnes_a_creer[cle]
            personne = Personne(
                departement_id=source.departement,
                identifiant_ft=source.identifiant_ft,
                nom=source.nom,
                prenom=source.prenom,
                nom_normalise=normaliser(source.nom),
                prenom_normalise=normaliser(source.prenom),
                date_naissance=source.date_naissance,
                sexe=source.sexe,
                commune_id=source.code_commune,
                beneficiaire_rsa=source.rsa,
                residence_qpv=source.qpv,
                niveau_formation=source.niveau_formation,
                cree_par=self.acteur,
            )
            self.plan.personnes[cle] = personne
            nouvelles.append(personne)
        self._creer(nouvelles, Personne)
        self._creer(
            [
                self._evenement(
                    personne=personne,
                    type=e.TypeEvenement.PERSONNE_CREEE,
                    libelle=_("Import : personne enregistrée depuis le suivi existant du département"),
                    date=self.maintenant,
                )
                for personne in nouvelles
            ],
            Evenement,
        )

    def _parcours(self, lot: list[LigneParcours]):
        binome = self.controle.habilitations
        utilisateurs = self.controle.utilisateurs
        parcours_crees = []
        for ligne in lot:
            conseiller = utilisateurs.get(ligne.conseiller_email)
            referent = utilisateurs.get(ligne.referent_social_email)
            etat = e.EtatParcours.ACTIF if ligne.modalite == e.Modalite.GLOBAL else e.EtatParcours.SOCIAL_EXCLUSIF
            parcours_crees.append(
                Parcours(
                    personne=self.plan.personnes[ligne.cle[:2]],
                    departement_id=ligne.departement,
                    etat=e.EtatParcours.SORTI if ligne.date_sortie else etat,
                    modalite=ligne.modalite,
                    conseiller=conseiller,
                    organisation_conseiller_id=(
                        binome[(conseiller.pk, Role.CONSEILLER_FT, ligne.departement)] if conseiller else None
                    ),
                    referent_social=referent,
                    organisation_referent_id=(
                        binome[(referent.pk, Role.TRAVAILLEUR_SOCIAL, ligne.departement)] if referent else None
                    ),
                    date_reperage=ligne.date_orientation,
                    date_orientation=ligne.date_orientation,
                    date_entree=ligne.date_entree,
                    date_fin_prevue=calculs.fin_prevue(ligne.date_entree, self.duree(ligne.departement)),
                    date_sortie=ligne.date_sortie,
                    motif_sortie=ligne.motif_sortie,
                    # Copie figée des caractéristiques à l'entrée, telles que le fichier les donne.
                    sexe=ligne.sexe,
                    age_entree=ligne.age_entree,
                    tranche_age_entree=e.tranche_age(ligne.age_entree),
                    commune_entree_id=ligne.code_commune,
                    rsa_entree=ligne.rsa,
                    qpv_entree=ligne.qpv,
                    niveau_formation_entree=ligne.niveau_formation,
                    cree_par=self.acteur,
                )
            )
        self._creer(parcours_crees, Parcours)
        evenements, sorties = [], []
        for ligne, parcours in zip(lot, parcours_crees):
            evenements.append(
                self._evenement(
                    personne=parcours.personne,
                    parcours=parcours,
                    type=e.TypeEvenement.ENTREE,
                    libelle=_("Import : entrée en %(modalite)s (suivi existant du département)")
                    % {"modalite": str(e.Modalite(ligne.modalite).label).lower()},
                    date=_a_midi(ligne.date_entree),
                )
            )
            if ligne.date_sortie:
                sorties.append(self._nouvelle_sortie(ligne, parcours))
                evenements.append(self._evenement_sortie(ligne, parcours))
        self._creer(sorties, Sortie)
        self._creer(evenements, Evenement)

    def _nouvelle_sortie(self, ligne: LigneParcours, parcours: Parcours) -> Sortie:
        return Sortie(
            parcours=parcours,
            date=ligne.date_sortie,
            motif=ligne.motif_sortie,
            suivi_6_mois_echeance=calculs.ajouter_mois(ligne.date_sortie, calculs.DELAI_SUIVI_SORTIE_MOIS),
            saisie_par=self.acteur,
        )

    def _evenement_sortie(self, ligne: LigneParcours, parcours: Parcours) -> Evenement:
        return self._evenement(
            personne=parcours.personne,
            parcours=parcours,
            type=e.TypeEvenement.SORTIE,
            libelle=_("Import : sortie du parcours (suivi existant du département)"),
            date=_a_midi(ligne.date_sortie),
        )

    def _sortie_ajoutee(self, ligne: LigneParcours, parcours: Parcours):
        suspension = self.controle.suspensions_en_cours.get(parcours.pk)
        if suspension is not None:
            suspension.fin = ligne.date_sortie
            _historiser(suspension, self.acteur).save(update_fields=["fin", "modifie_le"])
            # Comme ``parcours_sortir`` : jours cumulés, fin prévue repoussée d'autant.
            jours = calculs.jours_entre(suspension.debut, suspension.fin)
            parcours.jours_suspendus += jours
            if parcours.date_fin_prevue:
                parcours.date_fin_prevue += datetime.timedelta(days=jours)
        parcours.etat = e.EtatParcours.SORTI
        parcours.date_sortie = ligne.date_sortie
        parcours.motif_sortie = ligne.motif_sortie
        _historiser(parcours, self.acteur).save()
        _historiser(self._nouvelle_sortie(ligne, parcours), self.acteur).save()
        self._evenement_sortie(ligne, parcours).save()


def parcours_importer(
    *,
    acteur=None,
    lignes: Iterable,
    dry_run: bool = False,
    progression: Callable[[int], object] | None = None,
) -> RapportImport:
    """Importe des parcours existants ; tout ou rien.

    ``lignes`` : les ``LigneCSV`` de ``binome.accompagnement.fichier_import.lire_csv``, ou des dictionnaires
    {colonne: valeur texte} (numérotés 2, 3… comme sous un en-tête). ``acteur`` (facultatif : la commande
    d'administration n'en a pas) doit administrer le département de chaque ligne ; il est noté comme auteur.
    ``progression(total)`` renvoie une barre (``tqdm``) que l'écriture fait avancer.

    Lève ``ImportRefuse`` (une ``ValidationError``) avec toutes les anomalies : rien n'est écrit.
    """
    aujourdhui = timezone.localdate()
    numerotees = _lignes_numerotees(lignes)
    anomalies: list[Anomalie] = []
    analysees: list[LigneParcours] = []
    for numero, valeurs, erreur in numerotees:
        if erreur:
            anomalies.append(Anomalie(numero, erreur))
            continue
        ligne = analyser_ligne(numero, valeurs, aujourdhui=aujourdhui)
        anomalies.extend(ligne.anomalies)
        analysees.append(ligne)
    if not numerotees:
        raise ImportRefuse([Anomalie(0, _("aucune ligne de parcours à importer"))])

    with transaction.atomic():
        controle = _Controle(analysees, acteur)
        plan = controle.executer()
        anomalies.extend(controle.anomalies)
        if anomalies:
            raise ImportRefuse(anomalies)
        rapport = RapportImport(
            lignes=len(numerotees),
            personnes_creees=len(plan.personnes_a_creer),
            personnes_retrouvees=len(plan.personnes),
            parcours_crees=len(plan.parcours_a_creer),
            parcours_sortis=len(plan.sorties_a_ajouter),
            parcours_inchanges=plan.inchanges,
            dry_run=dry_run,
        )
        if dry_run:
            return rapport
        total = len(plan.parcours_a_creer) + len(plan.sorties_a_ajouter)
        barre = progression(total) if progression else nullcontext()
        with barre:
            avancer = barre.update if progression else (lambda n: None)
            try:
                with transaction.atomic():
                    _Ecriture(plan, controle, acteur).executer(avancer)
            except IntegrityError as erreur:
                raise ImportRefuse(
                    [
                        Anomalie(
                            0,
                            _(
                                "la base a refusé l'écriture (%(erreur)s) : des données ont peut-être été modifiées "
                                "pendant l'import ; relancez-le"
                            )
                            % {"erreur": erreur},
                        )
                    ]
                ) from erreur
    return rapport
