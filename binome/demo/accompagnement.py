"""Démonstration, étape « accompagnement » : portefeuilles fictifs des conseillers et travailleurs sociaux.

Pour chaque conseiller France Travail de démonstration (``binome.demo.socle``), un portefeuille réaliste dans
le Cantal et le Calvados, avec **deux ans d'historique** (le tableau de bord du pilotage montre des
tendances) et **tous les états** : orientations en attente (certaines depuis plus de 21 jours, d'autres
reçues du Département), diagnostic planifié, diagnostic partagé en attente d'entrée, actifs, suspendus,
renouvelés, social exclusif, sortis (motifs variés, suivi à 6 mois fait, dû ou à venir), non retenus. Les
alertes de suivi sont présentes : sans contact depuis plus de 15 jours, fin de terme à moins de 30 jours,
actions en retard, orientation sans diagnostic après 21 jours, suivi à 6 mois à faire.

La conseillère persona du Cantal (Claire Martin, agence de Saint-Flour) suit 80 parcours, avec Sophie Bernard
(MDS de Saint-Flour) pour l'essentiel ; son premier dossier, « Julie Lacombe », a un frein mobilité fort
« Permis et/ou code en cours » (démonstration de l'annuaire des ressources).

Personnes et adresses fictives ; dates relatives à aujourd'hui. Les écritures respectent les règles des
services (``binome.accompagnement.services``) — copie figée des caractéristiques à l'entrée, fin prévue selon
les paramètres du département et repoussée des jours suspendus, plan signé avec sa copie figée,
``dernier_contact_le`` tenu par les contacts honorés, historique et chronologie aux dates des faits — mais
passent par des insertions groupées : les services datent certains faits du jour même (orientation,
renouvellement) et un appel par objet prendrait plusieurs minutes.

Idempotence : chaque dossier a un identifiant France Travail fixe (``DEMO15CM001``…) ; un dossier déjà présent
n'est pas recréé. Relancer l'étape ne crée rien, même un autre jour.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from binome.accompagnement import calculs, contenu_plan
from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Action,
    Contact,
    DemandeCoordination,
    Diagnostic,
    ElementReferentiel,
    Evenement,
    FreinDiagnostic,
    NotePrivee,
    Objectif,
    Orientation,
    Parcours,
    PeriodeSuspension,
    Personne,
    PlanAction,
    Sortie,
)
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.core.texte import normaliser
from binome.demo import socle
from binome.organisations.models import Organisation, ParametresDepartement, TypeOrganisation

RAISON = "Données de démonstration"
PREFIXE = "DEMO"


@dataclass(frozen=True)
class Portefeuille:
    departement: str
    code: str  # deux lettres : identifiants DEMO<département><code><numéro>
    conseiller: str
    referent: str  # référent social par défaut (si aucune unité de la commune n'a de travailleur social de démo)
    en_cours: int
    sortis: int
    avant_entree: int

    def identifiant(self, numero: int) -> str:
        return f"{PREFIXE}{self.departement}{self.code}{numero:03d}"

    @property
    def total(self) -> int:
        return self.en_cours + self.sortis + self.avant_entree


PORTEFEUILLES = [
    # Claire : 76 parcours en cours + 4 suivis à 6 mois dus = 80 dans son portefeuille.
    Portefeuille("15", "CM", "claire.martin@francetravail.test", "sophie.bernard@cantal.test", 76, 36, 12),
    Portefeuille("15", "JR", "julien.roux@francetravail.test", "lucie.morel@cantal.test", 24, 9, 3),
    Portefeuille("15", "EF", "emilie.fournier@francetravail.test", "karim.benali@cantal.test", 22, 9, 3),
    Portefeuille("15", "TG", "thomas.girard@francetravail.test", "anne.chevalier@cantal.test", 20, 8, 3),
    Portefeuille("14", "CD", "camille.dupont@francetravail.test", "theo.lambert@calvados.test", 34, 14, 5),
    Portefeuille("14", "HL", "hugo.lemoine@francetravail.test", "manon.gauthier@calvados.test", 22, 9, 3),
    Portefeuille("14", "IM", "ines.marchand@francetravail.test", "sarah.blanc@calvados.test", 20, 8, 3),
    Portefeuille("14", "AP", "antoine.petit@francetravail.test", "yann.le-gall@calvados.test", 20, 8, 3),
]

# Scénarios : état visé et particularité (alerte…). Répartition par portefeuille ci-dessous.
EN_COURS = [
    ("actif_fin_terme", 0.07),
    ("actif_sans_contact", 0.10),
    ("actif_retard", 0.10),
    ("actif_suspension_close", 0.07),
    ("suspendu", 0.07),
    ("renouvele", 0.10),
    ("social_exclusif", 0.09),
]
SORTIS = [("sorti_suivi_du", 0.11), ("sorti_recent", 0.25)]
AVANT_ENTREE = [
    ("orientation_ancienne", 0.22),
    ("orientation_recue", 0.22),
    ("diagnostic_planifie", 0.15),
    ("diagnostic", 0.15),
    ("non_retenu", 0.08),
]

MOTIFS_SORTIE = [
    (e.MotifSortie.EMPLOI_DURABLE, 26),
    (e.MotifSortie.EMPLOI_TRANSITION, 20),
    (e.MotifSortie.FORMATION, 13),
    (e.MotifSortie.CREATION_ENTREPRISE, 4),
    (e.MotifSortie.REORIENTATION_SOCIAL, 6),
    (e.MotifSortie.REORIENTATION_AUTRE, 4),
    (e.MotifSortie.DUREE_MAX, 9),
    (e.MotifSortie.ABANDON, 7),
    (e.MotifSortie.DEMENAGEMENT, 5),
    (e.MotifSortie.SANTE, 3),
    (e.MotifSortie.RADIATION, 2),
    (e.MotifSortie.AUTRE, 1),
]
SITUATION_FSE = {
    e.MotifSortie.EMPLOI_DURABLE: e.SituationSortieFSE.EECR04,
    e.MotifSortie.EMPLOI_TRANSITION: e.SituationSortieFSE.EECR04,
    e.MotifSortie.CREATION_ENTREPRISE: e.SituationSortieFSE.EECR04,
    e.MotifSortie.FORMATION: e.SituationSortieFSE.EECR02,
}

PRENOMS_F = (
    "Julie Sarah Laura Camille Léa Manon Chloé Emma Marine Pauline Céline Aurélie Sandrine Nathalie Isabelle "
    "Stéphanie Virginie Audrey Élodie Mélanie Karine Sabrina Samia Fatima Nadia Amel Inès Yasmine Sonia Sylvie "
    "Christelle Valérie Émilie Anaïs Justine Morgane Océane Lucie Clara Jessica"
).split()
PRENOMS_H = (
    "Thomas Nicolas Julien Maxime Kevin Alexandre Romain Florian Sébastien Mathieu Jérôme Frédéric David Laurent "
    "Christophe Stéphane Olivier Cédric Anthony Jonathan Mehdi Karim Samir Youssef Bilal Rachid Mamadou Moussa "
    "Lucas Hugo Théo Quentin Benoît Pascal Franck Loïc Dylan Yannick Gaël Bruno"
).split()
NOMS = (
    "Lacombe Vidal Bouchet Roussel Chassang Delmas Teissèdre Vermenouze Cantuel Malroux Boudou Fabre Rigal Lafon "
    "Cayrol Mazet Bonnal Chabrier Falgoux Besson Delort Marty Veyrines Salat Couderc Lavergne Borie Vialard "
    "Lecoq Marie Lebrun Hébert Leroux Duval Lemarchand Lefrançois Jourdain Legros Hamel Vautier Letellier Lepetit "
    "Lesage Marais Picard Poulain Renouf Savary Tessier Voisin Guérin Collet Perrot Benoît Rolland Marchal "
    "Mercier Blanchard Arnaud Brunet Giraud Fontaine Chevallier Bertin Carpentier Leclerc Barbier Schmitt "
    "Diallo Traoré Benhamou Haddad Nguyen Pereira Da Silva Ferreira Yilmaz Kaya Bensaïd Cissé Camara Touré"
).split()
RUES = (
    "rue des Tilleuls",
    "avenue de la République",
    "rue du Lavoir",
    "chemin des Prés",
    "rue Jean-Jaurès",
    "place de l'Église",
    "rue des Écoles",
    "allée des Peupliers",
    "rue de la Gare",
    "impasse des Vergers",
)
NOTES_CONTACT = (
    "",
    "",
    "Point d'étape sur les démarches.",
    "Préparation d'un entretien d'embauche.",
    "Mise à jour du CV et des candidatures.",
    "Point sur le plan d'action.",
    "Suivi des démarches administratives en cours.",
    "Échange sur les offres repérées.",
    "Bilan de la période d'immersion.",
)
NOTES_PRIVEES = (
    "Point sur la situation familiale et l'organisation de la garde des enfants.",
    "Démarches de logement en cours auprès du bailleur social ; dossier complet.",
    "Accompagnement budgétaire engagé, échéancier négocié avec le fournisseur d'énergie.",
)
CODES_ROME = ("K2204", "N1103", "J1501", "G1603", "K1302", "H2909", "A1203", "F1602", "D1106", "N4101")
TRIS_PROFESSIONNELS = ("trouver_un_emploi", "preparer_sa_candidature", "choisir_un_metier", "se_former")
SITUATION_PERMIS = "Permis et/ou code en cours"


def _repartir(total: int, parts: list[tuple[str, float]], defaut: str) -> list[str]:
    """Liste de ``total`` scénarios selon les proportions (arrondies), le reste au scénario par défaut."""
    scenarios = []
    for nom, part in parts:
        scenarios += [nom] * round(total * part)
    return scenarios[:total] + [defaut] * max(total - len(scenarios), 0)


def scenarios(portefeuille: Portefeuille) -> list[str]:
    """Scénario de chaque dossier du portefeuille, dans un ordre fixe (l'idempotence en dépend)."""
    liste = (
        _repartir(portefeuille.en_cours, EN_COURS, "actif")
        + _repartir(portefeuille.sortis, SORTIS, "sorti")
        + _repartir(portefeuille.avant_entree, AVANT_ENTREE, "orientation")
    )
    random.Random(portefeuille.code).shuffle(liste)
    if portefeuille.code == "CM":
        # Le premier dossier de Claire : actif, frein mobilité « permis et/ou code en cours ».
        liste.remove("actif")
        liste.insert(0, "actif_permis")
    return liste


def _a_midi(jour: datetime.date) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(jour, datetime.time(12))), timezone.now())


def _pondere(rng: random.Random, choix):
    valeurs, poids = zip(*choix, strict=True)
    return rng.choices(valeurs, weights=poids)[0]


@dataclass
class _Agent:
    utilisateur: Utilisateur
    organisation: Organisation


# Modèles à historique (django-simple-history) : ``hasattr(modele, "history")`` coûte cher, lu une fois.
_HISTORISES = frozenset(
    modele
    for modele in (
        Personne,
        Parcours,
        Orientation,
        Diagnostic,
        FreinDiagnostic,
        PeriodeSuspension,
        PlanAction,
        Objectif,
        Action,
        Contact,
        Sortie,
        DemandeCoordination,
        NotePrivee,
        Evenement,
    )
    if hasattr(modele, "history")
)


@dataclass
class _Lots:
    """Objets à insérer, par modèle, dans l'ordre des dépendances."""

    objets: dict = field(default_factory=lambda: defaultdict(list))
    situations: list = field(default_factory=list)  # (frein, [éléments])
    participants: list = field(default_factory=list)  # (contact, [utilisateurs])

    def ajouter(self, objet, *, acteur=None, le: datetime.date | None = None):
        if type(objet) in _HISTORISES:
            objet._history_user = acteur
            objet._change_reason = RAISON
            if le is not None:
                objet._history_date = _a_midi(le)
        self.objets[type(objet)].append(objet)
        return objet

    def enregistrer(self):
        ordre = (
            Personne,
            Parcours,
            Orientation,
            Diagnostic,
            FreinDiagnostic,
            PeriodeSuspension,
            PlanAction,
            Objectif,
            Action,
            Contact,
            Sortie,
            DemandeCoordination,
            NotePrivee,
            Evenement,
        )
        for modele in ordre:
            objets = self.objets.get(modele, [])
            if not objets:
                continue
            if modele in _HISTORISES:
                bulk_create_with_history(objets, modele, batch_size=500)
            else:
                modele.objects.bulk_create(objets, batch_size=500)
        lien = FreinDiagnostic.situations.through
        lien.objects.bulk_create(
            [
                lien(freindiagnostic_id=frein.pk, elementreferentiel_id=el.pk)
                for frein, els in self.situations
                for el in els
            ],
            batch_size=500,
        )
        lien = Contact.participants.through
        lien.objects.bulk_create(
            [
                lien(contact_id=contact.pk, utilisateur_id=u.pk)
                for contact, agents in self.participants
                for u in agents
            ],
            batch_size=500,
        )


class _Contexte:
    """Ce que l'étape lit une fois : comptes, organisations, communes couvertes, référentiel, paramètres."""

    def __init__(self):
        emails = {p.conseiller for p in PORTEFEUILLES} | {p.referent for p in PORTEFEUILLES}
        habilitations = (
            Habilitation.objects.filter(
                active=True, role__in=(Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL), organisation__active=True
            )
            .select_related("utilisateur", "organisation")
            .order_by("organisation__nom", "utilisateur__email")
        )
        travailleurs_demo = {p.email for p in socle.PERSONAS if p.role == Role.TRAVAILLEUR_SOCIAL}
        self.agents: dict[str, _Agent] = {}
        self.travailleurs_par_unite: dict[int, _Agent] = {}
        for h in habilitations:
            agent = _Agent(h.utilisateur, h.organisation)
            self.agents.setdefault(h.utilisateur.email, agent)
            if h.role == Role.TRAVAILLEUR_SOCIAL and h.utilisateur.email in travailleurs_demo:
                self.travailleurs_par_unite.setdefault(h.organisation_id, agent)
        manquants = sorted(emails - set(self.agents))
        if manquants:
            raise CommandError(
                "Comptes de démonstration absents : "
                + ", ".join(manquants)
                + ". L'étape « binome.demo.socle » doit passer avant « binome.demo.accompagnement »."
            )
        self.communes_agence: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
        self.unite_de_commune: dict[str, int] = {}
        lien = Organisation.communes.through
        for org_id, org_type, code, population, nom in (
            lien.objects.filter(
                organisation__type__in=(TypeOrganisation.AGENCE_FT, TypeOrganisation.UNITE_ACTION_SOCIALE),
                organisation__departement_id__in={p.departement for p in PORTEFEUILLES},
            )
            .values_list("organisation_id", "organisation__type", "commune_id", "commune__population", "commune__nom")
            .order_by("commune_id")
        ):
            if org_type == TypeOrganisation.AGENCE_FT:
                self.communes_agence[org_id].append((code, population or 100, nom))
            else:
                self.unite_de_commune.setdefault(code, org_id)
        self.parametres = {
            p.departement_id: p
            for p in ParametresDepartement.objects.filter(departement_id__in={p.departement for p in PORTEFEUILLES})
        }
        elements = list(ElementReferentiel.objects.filter(actif=True).order_by("type", "theme_code", "libelle"))
        self.situations = defaultdict(list)
        self.objectifs_domaine = defaultdict(list)
        self.objectifs_theme = defaultdict(list)
        self.actions_theme = defaultdict(list)
        for element in elements:
            if element.type == e.TypeElementReferentiel.SITUATION and element.domaine_frein:
                self.situations[element.domaine_frein].append(element)
            elif element.type == e.TypeElementReferentiel.OBJECTIF:
                self.objectifs_theme[element.theme_code].append(element)
                if element.domaine_frein:
                    self.objectifs_domaine[element.domaine_frein].append(element)
            elif element.type == e.TypeElementReferentiel.ACTION:
                self.actions_theme[element.theme_code].append(element)
        self.permis = next(
            (s for s in self.situations[e.DomaineFrein.MOBILITE] if s.libelle == SITUATION_PERMIS), None
        )

    def duree(self, departement: str) -> tuple[int, int]:
        p = self.parametres.get(departement)
        if p is None:
            return calculs.DUREE_PARCOURS_MOIS_DEFAUT, calculs.DUREE_RENOUVELLEMENT_MOIS_DEFAUT
        return p.duree_parcours_mois, p.duree_renouvellement_mois

    def heures(self, departement: str) -> int:
        p = self.parametres.get(departement)
        return p.heures_hebdo_rsa if p else ParametresDepartement._meta.get_field("heures_hebdo_rsa").default


class _Dossier:
    """Un dossier : personne, parcours et tout ce que son scénario implique, aux dates du scénario."""

    def __init__(self, contexte: _Contexte, lots: _Lots, portefeuille: Portefeuille, identifiant: str, scenario: str):
        self.c = contexte
        self.lots = lots
        self.p = portefeuille
        self.scenario = scenario
        self.rng = random.Random(identifiant)
        self.t = timezone.localdate()
        self.identifiant = identifiant
        self.conseiller = contexte.agents[portefeuille.conseiller]
        self.suspendu_le: datetime.date | None = None
        self.suspensions: list[tuple[datetime.date, datetime.date]] = []

    # --- Outils ------------------------------------------------------------------------------------

    def jours(self, minimum: int, maximum: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(minimum, maximum))

    def evenement(self, type_evenement, libelle: str, le: datetime.date, acteur, *, social=False):
        self.lots.ajouter(
            Evenement(
                personne=self.personne,
                parcours=self.parcours,
                type=type_evenement,
                libelle=libelle[:255],
                date=_a_midi(le),
                acteur=acteur,
                cote_social_seulement=social,
            )
        )

    # --- Construction ------------------------------------------------------------------------------

    def construire(self):
        s = self.scenario
        if s.startswith("sorti"):
            self._dates_sortie()
        elif s in ("orientation", "orientation_ancienne", "orientation_recue", "diagnostic_planifie", "diagnostic"):
            self._dates_avant_entree()
        elif s == "non_retenu":
            self.entree = None
            self.orientation_le = self.t - self.jours(20, 200)
        else:
            self._dates_en_cours()
        self._personne()
        self._parcours()
        if s in ("orientation", "orientation_ancienne", "orientation_recue", "diagnostic_planifie"):
            self._orientation()
            return
        if s == "non_retenu":
            self._non_retenu()
            return
        self._orientation()
        self._diagnostic()
        if s == "diagnostic":
            return
        self._entree()
        self._plan()
        self._suspensions()
        self._renouvellement()
        self._contacts()
        self._coordination_et_notes()
        if self.sortie:
            self._sortie()
        self.lots.ajouter(self.parcours, acteur=self.conseiller.utilisateur, le=self.entree)

    def _dates_en_cours(self):
        s, t = self.scenario, self.t
        self.sortie = None
        if s == "actif_fin_terme":
            self.entree = t - self.jours(338, 360)
        elif s == "renouvele":
            self.entree = t - self.jours(400, 530)
        elif s == "actif_suspension_close":
            self.entree = t - self.jours(130, 320)
        elif s in ("suspendu", "actif_sans_contact", "actif_retard"):
            self.entree = t - self.jours(70, 320)
        else:
            self.entree = t - self.jours(20, 320)
        if s == "suspendu":
            self.suspendu_le = t - self.jours(5, 45)
        self.diagnostic_le = self.entree - self.jours(0, 7)
        self.orientation_le = self.diagnostic_le - self.jours(6, 28)

    def _dates_sortie(self):
        s, t = self.scenario, self.t
        self.motif = _pondere(self.rng, MOTIFS_SORTIE)
        duree_min = 330 if self.motif == e.MotifSortie.DUREE_MAX else 90
        if s == "sorti_suivi_du":
            self.sortie = t - self.jours(190, 235)
            self.entree = self.sortie - self.jours(duree_min, 400)
        elif s == "sorti_recent":
            self.sortie = t - self.jours(7, 170)
            self.entree = self.sortie - self.jours(duree_min, 420)
        else:
            # Entrées étalées sur deux ans : le pilotage montre des tendances.
            self.entree = t - self.jours(290, 730)
            self.sortie = min(self.entree + self.jours(duree_min, 420), t - self.jours(200, 215))
            self.entree = min(self.entree, self.sortie - datetime.timedelta(days=duree_min))
        self.diagnostic_le = self.entree - self.jours(0, 7)
        self.orientation_le = self.diagnostic_le - self.jours(6, 28)

    def _dates_avant_entree(self):
        s, t = self.scenario, self.t
        self.entree = self.sortie = None
        if s == "orientation_ancienne":
            self.orientation_le = t - self.jours(25, 50)
        elif s == "diagnostic":
            self.diagnostic_le = t - self.jours(1, 12)
            self.orientation_le = self.diagnostic_le - self.jours(6, 20)
        else:
            self.orientation_le = t - self.jours(1, 18)

    def _personne(self):
        rng = self.rng
        sexe = _pondere(rng, [(e.Sexe.FEMME, 52), (e.Sexe.HOMME, 46), (e.Sexe.NON_BINAIRE, 2)])
        if self.scenario == "actif_permis":
            sexe, prenom, nom = e.Sexe.FEMME, "Julie", "Lacombe"
        else:
            prenom = rng.choice(PRENOMS_H if sexe == e.Sexe.HOMME else PRENOMS_F)
            nom = rng.choice(NOMS)
        reference = self.entree or self.t
        naissance = reference - datetime.timedelta(days=365 * rng.randint(19, 61) + rng.randint(0, 364))
        communes = self.c.communes_agence.get(self.conseiller.organisation.pk) or [("", 100, "")]
        code, population, _nom = rng.choices(communes, weights=[pop**0.6 for _c, pop, _n in communes])[0]
        self.commune = code or None
        unite = self.c.unite_de_commune.get(code)
        self.referent = self.c.travailleurs_par_unite.get(unite) or self.c.agents[self.p.referent]
        self.personne = self.lots.ajouter(
            Personne(
                departement_id=self.p.departement,
                identifiant_ft=self.identifiant,
                nom=nom,
                prenom=prenom,
                nom_normalise=normaliser(nom),
                prenom_normalise=normaliser(prenom),
                date_naissance=naissance,
                sexe=sexe,
                telephone=f"0639980{rng.randint(100, 999)}",
                courriel=f"{normaliser(prenom).replace(' ', '-')}.{normaliser(nom).replace(' ', '-')}@exemple.test"
                if rng.random() < 0.6
                else "",
                adresse=f"{rng.randint(1, 60)} {rng.choice(RUES)}",
                commune_id=self.commune,
                beneficiaire_rsa=rng.random() < 0.65,
                beneficiaire_are=rng.random() < 0.15,
                beneficiaire_ass=rng.random() < 0.08,
                beneficiaire_aah=rng.random() < 0.05,
                beneficiaire_prime_activite=rng.random() < 0.10,
                residence_qpv=population > 15000 and rng.random() < 0.35,
                niveau_formation=_pondere(
                    rng,
                    [
                        (e.NiveauFormation.CITE_0_2, 40),
                        (e.NiveauFormation.CITE_3_4, 45),
                        (e.NiveauFormation.CITE_5_8, 10),
                        (e.NiveauFormation.NON_RENSEIGNE, 5),
                    ],
                ),
                parent_isole=rng.random() < 0.18,
                sans_domicile=rng.random() < 0.04,
                nationalite=_pondere(
                    rng,
                    [
                        (e.Nationalite.FRANCE, 85),
                        (e.Nationalite.UE, 4),
                        (e.Nationalite.HORS_UE, 8),
                        (e.Nationalite.NON_RENSEIGNE, 3),
                    ],
                ),
                situation_marche_travail=_pondere(
                    rng,
                    [
                        (e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE, 50),
                        (e.SituationMarcheTravail.CHOMEUR, 30),
                        (e.SituationMarcheTravail.INACTIF, 15),
                        (e.SituationMarcheTravail.EMPLOYE, 5),
                    ],
                ),
                rqth=_pondere(
                    rng,
                    [
                        (e.ReponseSensible.NON, 70),
                        (e.ReponseSensible.OUI, 8),
                        (e.ReponseSensible.NE_SOUHAITE_PAS, 4),
                        (e.ReponseSensible.NON_RENSEIGNE, 18),
                    ],
                ),
                notice_remise_le=self.orientation_le,
                cree_par=self.prescripteur().utilisateur,
            ),
            acteur=self.prescripteur().utilisateur,
            le=self.orientation_le,
        )
        self.lots.ajouter(
            Evenement(
                personne=self.personne,
                type=e.TypeEvenement.PERSONNE_CREEE,
                libelle="Personne enregistrée",
                date=_a_midi(self.orientation_le),
                acteur=self.prescripteur().utilisateur,
            )
        )

    def prescripteur(self) -> _Agent:
        """Qui a proposé l'orientation : le conseiller, sauf pour les orientations reçues du Département
        (et une sur quatre des autres)."""
        if not hasattr(self, "_prescripteur"):
            depuis_departement = self.scenario == "orientation_recue" or (
                self.scenario not in ("orientation", "orientation_ancienne") and self.rng.random() < 0.25
            )
            self._prescripteur = self.referent if depuis_departement else self.conseiller
            self._depuis_departement = depuis_departement
        return self._prescripteur

    def _parcours(self):
        modalite = e.Modalite.SOCIAL_EXCLUSIF if self.scenario == "social_exclusif" else e.Modalite.GLOBAL
        self.parcours = Parcours(
            personne=self.personne,
            departement_id=self.p.departement,
            etat=e.EtatParcours.ORIENTATION_PROPOSEE,
            modalite=modalite,
            date_reperage=self.orientation_le,
            date_orientation=self.orientation_le,
            sexe=self.personne.sexe,
            cree_par=self.prescripteur().utilisateur,
        )
        prescripteur = self.prescripteur()
        self.evenement(
            e.TypeEvenement.REPERAGE, "Nouveau parcours : repérage", self.orientation_le, prescripteur.utilisateur
        )
        if self.scenario in ("orientation", "orientation_ancienne", "orientation_recue", "diagnostic_planifie"):
            self.lots.ajouter(self.parcours, acteur=prescripteur.utilisateur, le=self.orientation_le)
        elif self.scenario == "diagnostic":
            self.parcours.etat = e.EtatParcours.DIAGNOSTIC_PARTAGE
            self.lots.ajouter(self.parcours, acteur=prescripteur.utilisateur, le=self.diagnostic_le)

    def _destinataire(self) -> _Agent:
        return self.conseiller if self._depuis_departement else self.referent

    def _orientation(self):
        prescripteur = self.prescripteur()
        destinataire = self._destinataire()
        if self.scenario in ("orientation", "orientation_ancienne", "orientation_recue", "non_retenu"):
            statut, planifiee, traitee = e.StatutOrientation.PROPOSEE, None, None
        elif self.scenario in ("diagnostic_planifie", "diagnostic"):
            statut = e.StatutOrientation.DIAGNOSTIC_PLANIFIE
            planifiee = self.t + self.jours(2, 15) if self.scenario == "diagnostic_planifie" else self.diagnostic_le
            traitee = self.orientation_le + self.jours(1, 4)
        else:
            statut, planifiee, traitee = e.StatutOrientation.ACCEPTEE, self.diagnostic_le, self.orientation_le
            traitee += self.jours(1, 4)
        traitee = min(traitee, self.t) if traitee else None
        self.lots.ajouter(
            Orientation(
                parcours=self.parcours,
                origine=e.OrigineOrientation.TRAVAILLEUR_SOCIAL
                if self._depuis_departement
                else e.OrigineOrientation.CONSEILLER_FT,
                modalite_proposee=self.parcours.modalite,
                motif=self.rng.choice(
                    (
                        "Freins sociaux (logement, mobilité) qui pèsent sur la recherche d'emploi.",
                        "Difficultés de garde d'enfants et de mobilité identifiées en entretien.",
                        "Situation budgétaire fragile ; besoin d'un accompagnement conjoint.",
                        "Projet professionnel à construire, freins périphériques multiples.",
                    )
                ),
                date_proposition=self.orientation_le,
                prescripteur=prescripteur.utilisateur,
                organisation_prescripteur=prescripteur.organisation,
                cote_destinataire=e.Cote.FRANCE_TRAVAIL if self._depuis_departement else e.Cote.DEPARTEMENT,
                statut=statut,
                date_diagnostic_planifiee=planifiee,
                traitee_par=destinataire.utilisateur if traitee else None,
                traitee_le=_a_midi(traitee) if traitee else None,
            ),
            acteur=prescripteur.utilisateur,
            le=self.orientation_le,
        )
        self.evenement(
            e.TypeEvenement.ORIENTATION_PROPOSEE,
            f"Orientation proposée ({_libelle(e.Modalite, self.parcours.modalite)}) "
            f"par {prescripteur.organisation.nom}",
            self.orientation_le,
            prescripteur.utilisateur,
        )
        if traitee:
            self.evenement(
                e.TypeEvenement.ORIENTATION_TRAITEE,
                f"Diagnostic partagé planifié le {planifiee:%d/%m/%Y}",
                traitee,
                destinataire.utilisateur,
            )

    def _non_retenu(self):
        rng = self.rng
        self._orientation()
        motif = rng.choice([e.MotifNonRetenu.REFUS_PERSONNE, e.MotifNonRetenu.FREINS_NON_BLOQUANTS])
        le = min(self.orientation_le + self.jours(10, 25), self.t)
        orientation = self.lots.objets[Orientation][-1]
        orientation.statut = e.StatutOrientation.REFUSEE
        orientation.motif_refus = _libelle(e.MotifNonRetenu, motif)
        orientation.traitee_par = self._destinataire().utilisateur
        orientation.traitee_le = _a_midi(le)
        orientation.date_diagnostic_planifiee = None
        self.parcours.etat = e.EtatParcours.NON_RETENU
        self.parcours.non_retenu_le = le
        self.parcours.motif_non_retenu = motif
        self.lots.ajouter(self.parcours, acteur=self._destinataire().utilisateur, le=le)
        self.evenement(
            e.TypeEvenement.ORIENTATION_TRAITEE,
            f"Orientation refusée ({_libelle(e.MotifNonRetenu, motif)}) : parcours non retenu",
            le,
            self._destinataire().utilisateur,
        )

    def _diagnostic(self):
        rng = self.rng
        domaines = list(e.DomaineFrein.values)
        bloquants = rng.sample(domaines, rng.randint(1, 4))
        if self.scenario == "actif_permis" and e.DomaineFrein.MOBILITE not in bloquants:
            bloquants[0] = e.DomaineFrein.MOBILITE
        self.freins = {}
        for domaine in domaines:
            if domaine in bloquants:
                niveau = e.NiveauFrein.FORT if rng.random() < 0.45 else e.NiveauFrein.MOYEN
            else:
                niveau = e.NiveauFrein.SANS_IMPACT
            self.freins[domaine] = niveau
        if self.scenario == "actif_permis":
            self.freins[e.DomaineFrein.MOBILITE] = e.NiveauFrein.FORT
        decision = (
            e.DecisionDiagnostic.SOCIAL_EXCLUSIF if self.scenario == "social_exclusif" else e.DecisionDiagnostic.GLOBAL
        )
        activite = rng.random() < 0.4
        qualification = rng.choice(e.Qualification.values)
        aspiration = rng.choice(e.Aspiration.values)
        diagnostic = self.lots.ajouter(
            Diagnostic(
                parcours=self.parcours,
                orientation=self.lots.objets[Orientation][-1],
                date=self.diagnostic_le,
                conseiller=self.conseiller.utilisateur,
                travailleur_social=self.referent.utilisateur,
                activite_2_dernieres_annees=activite,
                duree_hors_emploi=rng.choice(e.DureeHorsEmploi.values),
                qualification=qualification,
                aspiration=aspiration,
                projet_rome=rng.choice(CODES_ROME),
                adhesion=True,
                adhesion_le=self.diagnostic_le,
                decision_suggeree=calculs.suggerer_decision(
                    activite_2_dernieres_annees=activite,
                    qualification=qualification,
                    aspiration=aspiration,
                    niveaux_freins=self.freins,
                ),
                decision=decision,
                decision_le=self.diagnostic_le,
                signe_le=self.diagnostic_le,
                date_revue=calculs.ajouter_mois(self.diagnostic_le, 6),
                cree_par=self.referent.utilisateur,
            ),
            acteur=self.referent.utilisateur,
            le=self.diagnostic_le,
        )
        for domaine, niveau in self.freins.items():
            frein = self.lots.ajouter(
                FreinDiagnostic(diagnostic=diagnostic, domaine=domaine, niveau=niveau),
                acteur=self.referent.utilisateur,
                le=self.diagnostic_le,
            )
            if niveau == e.NiveauFrein.SANS_IMPACT or not self.c.situations[domaine]:
                continue
            if self.scenario == "actif_permis" and domaine == e.DomaineFrein.MOBILITE and self.c.permis:
                situations = [self.c.permis]
            else:
                situations = rng.sample(
                    self.c.situations[domaine], min(len(self.c.situations[domaine]), rng.randint(1, 2))
                )
            self.lots.situations.append((frein, situations))
        self.evenement(
            e.TypeEvenement.DIAGNOSTIC,
            f"Diagnostic partagé du {self.diagnostic_le:%d/%m/%Y} : {_libelle(e.DecisionDiagnostic, decision)}",
            self.diagnostic_le,
            self.referent.utilisateur,
        )

    def _entree(self):
        parcours, personne = self.parcours, self.personne
        duree_mois, _renouvellement = self.c.duree(self.p.departement)
        social = self.scenario == "social_exclusif"
        parcours.etat = e.EtatParcours.SOCIAL_EXCLUSIF if social else e.EtatParcours.ACTIF
        parcours.modalite = e.Modalite.SOCIAL_EXCLUSIF if social else e.Modalite.GLOBAL
        parcours.conseiller = self.conseiller.utilisateur
        parcours.organisation_conseiller = self.conseiller.organisation
        parcours.referent_social = self.referent.utilisateur
        parcours.organisation_referent = self.referent.organisation
        parcours.date_entree = self.entree
        parcours.date_fin_prevue = calculs.fin_prevue(self.entree, duree_mois)
        # Copie figée à l'entrée (comme ``services.parcours._figer_caracteristiques``).
        age = calculs.age_a(personne.date_naissance, self.entree)
        parcours.sexe = personne.sexe
        parcours.age_entree = age
        parcours.tranche_age_entree = e.tranche_age(age)
        parcours.commune_entree_id = personne.commune_id
        parcours.rsa_entree = personne.beneficiaire_rsa
        parcours.qpv_entree = personne.residence_qpv
        parcours.niveau_formation_entree = personne.niveau_formation
        parcours.situation_marche_travail_entree = personne.situation_marche_travail
        parcours.parent_isole_entree = personne.parent_isole
        parcours.sans_domicile_entree = personne.sans_domicile
        parcours.nationalite_entree = personne.nationalite
        self.evenement(
            e.TypeEvenement.ENTREE,
            f"Entrée en {_libelle(e.Modalite, parcours.modalite)} le {self.entree:%d/%m/%Y}",
            self.entree,
            self.conseiller.utilisateur,
        )

    def _fin(self) -> datetime.date:
        """Dernier jour d'accompagnement observé : sortie, début de la suspension en cours ou aujourd'hui."""
        return self.sortie or self.suspendu_le or self.t

    def _plan(self):
        rng = self.rng
        signe = min(self.entree + self.jours(2, 20), self.t)
        plan = PlanAction(
            parcours=self.parcours,
            version=1,
            signe_le=signe,
            heures_hebdomadaires=self.c.heures(self.p.departement),
            cree_par=self.conseiller.utilisateur,
            modifie_par=self.conseiller.utilisateur,
        )
        if self.personne.beneficiaire_rsa and rng.random() < 0.1:
            plan.heures_hebdomadaires = 10
            plan.motif_reduction_heures = "Contraintes de garde d'enfants."
        objectifs, actions = [], []
        sociaux = [d for d, n in self.freins.items() if n != e.NiveauFrein.SANS_IMPACT]
        theme_pro = rng.choice(TRIS_PROFESSIONNELS)
        cibles = [(None, theme_pro)] + [(d, None) for d in sociaux[:2]]
        fin = self._fin()
        for domaine, theme in cibles:
            candidats = self.c.objectifs_domaine[domaine] if domaine else self.c.objectifs_theme[theme]
            element = rng.choice(candidats) if candidats else None
            objectif = Objectif(
                plan=plan,
                element_referentiel=element,
                libelle_libre="" if element else "Lever le frein identifié au diagnostic",
                cote=e.CotePlan.SOCIAL if domaine else e.CotePlan.EMPLOI,
                porteur=e.Porteur.REFERENT_SOCIAL if domaine else e.Porteur.PERSONNE,
                echeance=signe + self.jours(90, 240),
                statut=e.StatutAction.EN_COURS,
                modifie_par=self.conseiller.utilisateur,
            )
            objectifs.append(objectif)
            theme_action = (
                (element.theme_code if element else "")
                if domaine
                else ("formation" if theme == "se_former" else "emploi")
            )
            pool = self.c.actions_theme.get(theme_action) or []
            for _ in range(rng.randint(1, 2)):
                action_element = rng.choice(pool) if pool else None
                echeance = signe + self.jours(20, 160)
                if echeance < fin:
                    statut = _pondere(rng, [(e.StatutAction.REALISEE, 80), (e.StatutAction.ABANDONNEE, 20)])
                else:
                    statut = _pondere(rng, [(e.StatutAction.A_FAIRE, 50), (e.StatutAction.EN_COURS, 50)])
                actions.append(
                    Action(
                        plan=plan,
                        objectif=objectif,
                        element_referentiel=action_element,
                        libelle_libre="" if action_element else "Rendez-vous avec le partenaire",
                        cote=e.CotePlan.PARTENAIRE if domaine and rng.random() < 0.4 else objectif.cote,
                        porteur=rng.choice([e.Porteur.PERSONNE, e.Porteur.CONSEILLER, e.Porteur.REFERENT_SOCIAL]),
                        echeance=echeance,
                        statut=statut,
                        modifie_par=self.conseiller.utilisateur,
                    )
                )
        if self.scenario == "actif_permis" and self.c.actions_theme.get("mobilite"):
            permis = [a for a in self.c.actions_theme["mobilite"] if "permis" in a.libelle.lower()]
            actions.append(
                Action(
                    plan=plan,
                    objectif=objectifs[-1],
                    element_referentiel=permis[0] if permis else None,
                    libelle_libre="" if permis else "Inscription au code de la route",
                    cote=e.CotePlan.PARTENAIRE,
                    porteur=e.Porteur.PARTENAIRE,
                    porteur_precision="Auto-école sociale",
                    echeance=self.t + datetime.timedelta(days=30),
                    statut=e.StatutAction.EN_COURS,
                    modifie_par=self.conseiller.utilisateur,
                )
            )
        if self.scenario == "actif_retard":
            for action in actions[: rng.randint(1, 2)]:
                action.echeance = self.t - self.jours(3, min(40, max(3, (self.t - signe).days)))
                action.echeance = max(action.echeance, signe)
                action.statut = rng.choice([e.StatutAction.A_FAIRE, e.StatutAction.EN_COURS])
            if all(a.echeance >= self.t for a in actions):
                actions[0].echeance = max(signe, self.t - datetime.timedelta(days=1))
        plan.copie_figee = _copie_figee(plan, self.parcours, objectifs, actions, self.conseiller.utilisateur)
        self.lots.ajouter(plan, acteur=self.conseiller.utilisateur, le=signe)
        for objet in objectifs + actions:
            self.lots.ajouter(objet, acteur=self.conseiller.utilisateur, le=signe)
        self.evenement(
            e.TypeEvenement.PLAN_MODIFIE, "Plan d'action ouvert (version 1)", signe, self.conseiller.utilisateur
        )
        self.evenement(
            e.TypeEvenement.PLAN_SIGNE, "Plan d'action signé (version 1)", signe, self.conseiller.utilisateur
        )

    def _suspensions(self):
        parcours = self.parcours
        if self.scenario == "suspendu":
            debut = self.suspendu_le
            parcours.etat = e.EtatParcours.SUSPENDU
            self.lots.ajouter(
                PeriodeSuspension(
                    parcours=parcours,
                    debut=debut,
                    motif=self.rng.choice(e.MotifSuspension.values),
                    cree_par=self.conseiller.utilisateur,
                ),
                acteur=self.conseiller.utilisateur,
                le=debut,
            )
            self.evenement(
                e.TypeEvenement.SUSPENSION,
                f"Accompagnement suspendu à partir du {debut:%d/%m/%Y}",
                debut,
                self.conseiller.utilisateur,
            )
        elif self.scenario == "actif_suspension_close" or (self.sortie and self.rng.random() < 0.1):
            fin_observee = self._fin()
            if (fin_observee - self.entree).days < 90:
                return
            debut = self.entree + self.jours(30, (fin_observee - self.entree).days - 60)
            fin = debut + self.jours(15, 45)
            jours = calculs.jours_entre(debut, fin)
            self.suspensions.append((debut, fin))
            parcours.jours_suspendus += jours
            parcours.date_fin_prevue += datetime.timedelta(days=jours)
            self.lots.ajouter(
                PeriodeSuspension(
                    parcours=parcours,
                    debut=debut,
                    fin=fin,
                    motif=self.rng.choice(e.MotifSuspension.values),
                    cree_par=self.conseiller.utilisateur,
                ),
                acteur=self.conseiller.utilisateur,
                le=fin,
            )
            self.evenement(
                e.TypeEvenement.SUSPENSION,
                f"Accompagnement suspendu à partir du {debut:%d/%m/%Y}",
                debut,
                self.conseiller.utilisateur,
            )
            self.evenement(
                e.TypeEvenement.REPRISE,
                f"Reprise de l'accompagnement le {fin:%d/%m/%Y} ({jours} jours suspendus)",
                fin,
                self.conseiller.utilisateur,
            )

    def _renouvellement(self):
        if self.scenario != "renouvele" and not (self.sortie and (self.sortie - self.entree).days > 380):
            return
        parcours = self.parcours
        _duree, renouvellement_mois = self.c.duree(self.p.departement)
        accord = min(parcours.date_fin_prevue - self.jours(10, 25), self.sortie or self.t)
        parcours.accord_renouvellement_conseiller_le = accord - datetime.timedelta(days=2)
        parcours.accord_renouvellement_referent_le = accord
        parcours.renouvele_le = accord
        parcours.motif_renouvellement = self.rng.choice(
            ("Formation qualifiante en cours.", "Démarches de logement à finaliser.", "Reprise d'emploi à consolider.")
        )
        parcours.date_fin_prevue = calculs.ajouter_mois(parcours.date_fin_prevue, renouvellement_mois)
        if not self.sortie:
            parcours.etat = e.EtatParcours.RENOUVELE
        self.evenement(
            e.TypeEvenement.RENOUVELLEMENT,
            "Accord du conseiller France Travail pour le renouvellement",
            parcours.accord_renouvellement_conseiller_le,
            self.conseiller.utilisateur,
        )
        self.evenement(
            e.TypeEvenement.RENOUVELLEMENT,
            "Accord du référent social pour le renouvellement",
            accord,
            self.referent.utilisateur,
        )
        self.evenement(
            e.TypeEvenement.RENOUVELLEMENT,
            f"Parcours renouvelé jusqu'au {parcours.date_fin_prevue:%d/%m/%Y}",
            accord,
            self.referent.utilisateur,
        )

    def _contacts(self):
        rng = self.rng
        fin = self._fin()
        if self.scenario == "actif_sans_contact":
            dernier = self.t - self.jours(20, 50)
        elif self.sortie:
            dernier = self.sortie - self.jours(0, 10)
        elif self.suspendu_le:
            dernier = self.suspendu_le - self.jours(1, 10)
        else:
            dernier = self.t - self.jours(1, 12)
        dates = []
        jour = min(dernier, fin)
        while jour > self.entree:
            if not any(debut <= jour < fin for debut, fin in self.suspensions):
                dates.append(jour)
            jour -= self.jours(12, 24)
        dates.reverse()
        social = self.scenario == "social_exclusif"
        derniere_honoree = None
        for index, jour in enumerate(dates):
            dernier_contact = index == len(dates) - 1
            presence = (
                e.PresenceContact.HONORE
                if dernier_contact
                else _pondere(
                    rng,
                    [(e.PresenceContact.HONORE, 85), (e.PresenceContact.MANQUE, 10), (e.PresenceContact.EXCUSE, 5)],
                )
            )
            type_contact = e.TypeContact.TRIPARTITE if index % 5 == 0 else e.TypeContact.INDIVIDUEL
            auteur = (
                self.referent
                if social or (index % 2 and type_contact == e.TypeContact.INDIVIDUEL)
                else self.conseiller
            )
            contact = self.lots.ajouter(
                Contact(
                    parcours=self.parcours,
                    date=jour,
                    canal=_pondere(
                        rng,
                        [
                            (e.CanalContact.PRESENTIEL, 55),
                            (e.CanalContact.TELEPHONE, 30),
                            (e.CanalContact.VISIO, 7),
                            (e.CanalContact.VISITE_DOMICILE, 5),
                            (e.CanalContact.COURRIEL, 3),
                        ],
                    ),
                    type=type_contact,
                    presence=presence,
                    prochaine_date=jour + self.jours(10, 20) if dernier_contact and not self.sortie else None,
                    note=rng.choice(NOTES_CONTACT),
                    auteur=auteur.utilisateur,
                ),
                acteur=auteur.utilisateur,
                le=jour,
            )
            presents = [auteur.utilisateur]
            if type_contact == e.TypeContact.TRIPARTITE:
                presents = [self.conseiller.utilisateur, self.referent.utilisateur]
            self.lots.participants.append((contact, presents))
            if presence == e.PresenceContact.HONORE:
                derniere_honoree = jour
            self.evenement(
                e.TypeEvenement.CONTACT,
                f"Contact {_libelle(e.TypeContact, contact.type).lower()} "
                f"({_libelle(e.CanalContact, contact.canal).lower()}) : "
                f"{_libelle(e.PresenceContact, contact.presence).lower()}",
                jour,
                auteur.utilisateur,
            )
        if self.scenario == "actif_sans_contact" and rng.random() < 0.5:
            # Un rendez-vous manqué depuis : l'alerte porte sur le dernier contact honoré.
            jour = self.t - self.jours(2, 10)
            contact = self.lots.ajouter(
                Contact(
                    parcours=self.parcours,
                    date=jour,
                    canal=e.CanalContact.TELEPHONE,
                    presence=e.PresenceContact.MANQUE,
                    prochaine_date=self.t + self.jours(3, 10),
                    auteur=self.conseiller.utilisateur,
                ),
                acteur=self.conseiller.utilisateur,
                le=jour,
            )
            self.lots.participants.append((contact, [self.conseiller.utilisateur]))
            self.evenement(
                e.TypeEvenement.CONTACT, "Contact individuel (téléphone) : manqué", jour, self.conseiller.utilisateur
            )
        self.personne.dernier_contact_le = derniere_honoree

    def _coordination_et_notes(self):
        rng = self.rng
        if self.scenario == "social_exclusif" and rng.random() < 0.6:
            demandee = min(self.entree + self.jours(20, 90), self.t)
            repondue = rng.random() < 0.6
            self.lots.ajouter(
                DemandeCoordination(
                    parcours=self.parcours,
                    objet=e.ObjetCoordination.POINT_SITUATION,
                    demande="Point d'étape sur la situation avant le prochain comité.",
                    auteur=self.referent.utilisateur,
                    cote_auteur=e.Cote.DEPARTEMENT,
                    cote_destinataire=e.Cote.FRANCE_TRAVAIL,
                    demandee_le=_a_midi(demandee),
                    statut=e.StatutCoordination.REPONDUE if repondue else e.StatutCoordination.OUVERTE,
                    reponse="Pas d'offre adaptée pour l'instant ; point à refaire dans deux mois." if repondue else "",
                    repondu_par=self.conseiller.utilisateur if repondue else None,
                    repondue_le=_a_midi(min(demandee + self.jours(1, 6), self.t)) if repondue else None,
                ),
                acteur=self.referent.utilisateur,
                le=demandee,
            )
            self.evenement(
                e.TypeEvenement.COORDINATION,
                "Demande de coordination (Point de situation) adressée au côté France Travail",
                demandee,
                self.referent.utilisateur,
            )
        if rng.random() < 0.15:
            le = min(self.diagnostic_le + self.jours(5, 60), self.t)
            partagee = rng.random() < 0.4
            self.lots.ajouter(
                NotePrivee(
                    personne=self.personne,
                    parcours=self.parcours,
                    auteur=self.referent.utilisateur,
                    organisation=self.referent.organisation,
                    texte=rng.choice(NOTES_PRIVEES),
                    partagee_le=_a_midi(le) if partagee else None,
                    partagee_par=self.referent.utilisateur if partagee else None,
                    finalite_partage=e.FinalitePartage.METTRE_EN_OEUVRE if partagee else "",
                    personne_informee_le=le if partagee else None,
                ),
                acteur=self.referent.utilisateur,
                le=le,
            )
            self.evenement(
                e.TypeEvenement.NOTE_PRIVEE, "Note privée ajoutée", le, self.referent.utilisateur, social=True
            )

    def _sortie(self):
        parcours, rng = self.parcours, self.rng
        parcours.etat = e.EtatParcours.SORTI
        parcours.date_sortie = self.sortie
        parcours.motif_sortie = self.motif
        echeance = calculs.ajouter_mois(self.sortie, calculs.DELAI_SUIVI_SORTIE_MOIS)
        fait = None
        if self.scenario == "sorti" and echeance <= self.t:
            fait = min(echeance + self.jours(0, 20), self.t)
        emploi = self.motif in (e.MotifSortie.EMPLOI_DURABLE, e.MotifSortie.EMPLOI_TRANSITION)
        self.lots.ajouter(
            Sortie(
                parcours=parcours,
                date=self.sortie,
                motif=self.motif,
                situation_fse=SITUATION_FSE.get(self.motif, e.SituationSortieFSE.EECR01),
                suivi_6_mois_echeance=echeance,
                suivi_6_mois_fait_le=fait,
                emploi_6_mois=(emploi or rng.random() < 0.25) if fait else None,
                situation_amelioree_6_mois=(rng.random() < 0.7) if fait else None,
                saisie_par=self.conseiller.utilisateur,
            ),
            acteur=self.conseiller.utilisateur,
            le=fait or self.sortie,
        )
        self.evenement(
            e.TypeEvenement.SORTIE,
            f"Sortie de l'accompagnement le {self.sortie:%d/%m/%Y}",
            self.sortie,
            self.conseiller.utilisateur,
        )
        if fait:
            self.evenement(
                e.TypeEvenement.SUIVI_6_MOIS, "Suivi à 6 mois enregistré", fait, self.conseiller.utilisateur
            )


_LIBELLES: dict = {}


def _libelle(enumeration, valeur) -> str:
    """Libellé traduit d'une valeur d'énumération, mis en cache : ``get_FOO_display()`` recalcule et hache tous
    les choix (traduits) à chaque appel, ce qui coûtait plusieurs secondes sur des milliers d'objets."""
    cle = (enumeration, valeur, translation.get_language())
    if cle not in _LIBELLES:
        _LIBELLES[cle] = str(enumeration(valeur).label)
    return _LIBELLES[cle]


def _element_fige(element) -> dict:
    """Un objectif ou une action dans la copie figée (mêmes clés que ``contenu_plan._element``)."""
    return {
        "libelle": element.libelle,
        "theme": element.element_referentiel.theme_libelle if element.element_referentiel_id else "",
        "cote": element.cote,
        "cote_libelle": _libelle(e.CotePlan, element.cote),
        "porteur": element.porteur,
        "porteur_libelle": _libelle(e.Porteur, element.porteur),
        "porteur_precision": element.porteur_precision,
        "echeance": element.echeance.isoformat() if element.echeance else None,
        "statut": element.statut,
        "statut_libelle": _libelle(e.StatutAction, element.statut),
    }


def _nom(utilisateur) -> str:
    return (utilisateur.get_full_name() or utilisateur.email) if utilisateur else ""


def _copie_figee(plan: PlanAction, parcours: Parcours, objectifs: list, actions: list, signataire) -> dict:
    """Même contenu que ``contenu_plan.contenu_du_plan`` (format ``contenu_plan.FORMAT``), construit sans lire
    la base."""
    par_objectif = defaultdict(list)
    for action in sorted(actions, key=lambda a: a.echeance or datetime.date.max):
        cle = id(action.objectif) if action.objectif else None
        par_objectif[cle].append({**_element_fige(action), "service_ressource_id": action.service_ressource_id or ""})
    return {
        "format": contenu_plan.FORMAT,
        "version": plan.version,
        "signe_le": plan.signe_le.isoformat(),
        "enregistre_par": _nom(signataire),
        "personne": str(parcours.personne),
        "conseiller": _nom(parcours.conseiller),
        "organisation_conseiller": str(parcours.organisation_conseiller or ""),
        "referent_social": _nom(parcours.referent_social),
        "organisation_referent": str(parcours.organisation_referent or ""),
        "heures_hebdomadaires": plan.heures_hebdomadaires,
        "motif_reduction_heures": plan.motif_reduction_heures,
        "objectifs": [{**_element_fige(o), "actions": par_objectif.get(id(o), [])} for o in objectifs],
        "actions_sans_objectif": par_objectif.get(None, []),
    }


def creer(stdout) -> None:
    contexte = _Contexte()
    if contexte.permis is None:
        stdout.write(
            "  Référentiel de parcours absent (manage.py charger_referentiels) : freins sans situations détaillées."
        )
    lots = _Lots()
    crees = existants = 0
    for portefeuille in PORTEFEUILLES:
        identifiants = [portefeuille.identifiant(n) for n in range(1, portefeuille.total + 1)]
        deja = set(
            Personne.objects.filter(
                departement_id=portefeuille.departement, identifiant_ft__in=identifiants
            ).values_list("identifiant_ft", flat=True)
        )
        for identifiant, scenario in zip(identifiants, scenarios(portefeuille), strict=True):
            if identifiant in deja:
                existants += 1
                continue
            _Dossier(contexte, lots, portefeuille, identifiant, scenario).construire()
            crees += 1
    lots.enregistrer()
    stdout.write(
        f"  Accompagnement : {crees + existants} dossiers fictifs ({crees} créés, {existants} déjà présents), "
        f"{len(lots.objets[Contact])} contacts et {len(lots.objets[Evenement])} événements ajoutés"
    )
