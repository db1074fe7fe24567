"""Démonstration de l'accompagnement : portefeuilles, scénarios et listes de valeurs fictives."""

import random
from dataclasses import dataclass

from binome.accompagnement import enums as e

RAISON = "Données de démonstration"
PREFIXE = "DEMO"


@dataclass(frozen=True)
class Portefeuille:
    departement: str
    code: str  # deux lettres : identifiants DEMO<département><code><numéro>
    conseiller: str
    referent: str  # référent social : celui-ci s'il travaille dans l'unité de la commune, sinon celui de l'unité
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
    # Collègues de Claire à Saint-Flour (équipe de Marc), en binôme avec des collègues de Sophie (équipe de Nadia).
    Portefeuille("15", "MB", "mathieu.bonnet@francetravail.test", "thibault.faure@cantal.test", 40, 4, 2),
    Portefeuille("15", "NH", "nora.haddad@francetravail.test", "vanessa.bouzid@cantal.test", 24, 3, 1),
    Portefeuille("15", "JR", "julien.roux@francetravail.test", "lucie.morel@cantal.test", 24, 9, 3),
    Portefeuille("15", "EF", "emilie.fournier@francetravail.test", "karim.benali@cantal.test", 22, 9, 3),
    Portefeuille("15", "TG", "thomas.girard@francetravail.test", "anne.chevalier@cantal.test", 20, 8, 3),
    Portefeuille("14", "CD", "camille.dupont@francetravail.test", "theo.lambert@calvados.test", 34, 14, 5),
    Portefeuille("14", "RF", "romain.fontaine@francetravail.test", "theo.lambert@calvados.test", 22, 3, 1),
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
