"""Énumérations de l'accompagnement (valeurs codées, jamais de texte libre pour ce qui se compte).

Références : ``domaine.md`` §a.3 (machine à états), §a.5 (motifs de sortie), §b (champs), §d.9 (FSE+).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- Personne ---------------------------------------------------------------------------------


class Sexe(models.TextChoices):
    # FSE+ demande femmes / hommes / personnes non binaires.
    FEMME = "F", _("Femme")
    HOMME = "H", _("Homme")
    NON_BINAIRE = "X", _("Non binaire")
    NON_RENSEIGNE = "NR", _("Non renseigné")


class TrancheAge(models.TextChoices):
    """Tranches compatibles FSE+ (< 18, 18-29, 55 et plus) et comité de pilotage (< 26, 55 et plus)."""

    MOINS_18 = "MOINS_18", _("Moins de 18 ans")
    DE_18_A_25 = "18_25", _("18 à 25 ans")
    DE_26_A_29 = "26_29", _("26 à 29 ans")
    DE_30_A_44 = "30_44", _("30 à 44 ans")
    DE_45_A_54 = "45_54", _("45 à 54 ans")
    PLUS_55 = "55_PLUS", _("55 ans et plus")


def tranche_age(age: int | None) -> str:
    """Tranche d'âge d'un âge en années révolues ; chaîne vide si l'âge est inconnu."""
    if age is None:
        return ""
    if age < 18:
        return TrancheAge.MOINS_18
    if age < 26:
        return TrancheAge.DE_18_A_25
    if age < 30:
        return TrancheAge.DE_26_A_29
    if age < 45:
        return TrancheAge.DE_30_A_44
    if age < 55:
        return TrancheAge.DE_45_A_54
    return TrancheAge.PLUS_55


class OrganismeAllocataire(models.TextChoices):
    CAF = "CAF", _("CAF")
    MSA = "MSA", _("MSA")


class DroitRsa(models.TextChoices):
    """Statut du droit au RSA porté par les listes de l'organisme payeur."""

    OUVERT = "OUVERT", _("ouvert")
    SUSPENDU = "SUSPENDU", _("suspendu")
    CLOS = "CLOS", _("clos")


class NiveauFormation(models.TextChoices):
    """Classification internationale type de l'éducation (CITE / ISCED), FSE+ EECO09-11."""

    CITE_0_2 = "CITE_0_2", _("CITE 0 à 2 (jusqu'au brevet, CAP/BEP non obtenu)")
    CITE_3_4 = "CITE_3_4", _("CITE 3 à 4 (CAP, BEP, baccalauréat)")
    CITE_5_8 = "CITE_5_8", _("CITE 5 à 8 (enseignement supérieur)")
    NON_RENSEIGNE = "NR", _("Non renseigné")


class Nationalite(models.TextChoices):
    """Classe de nationalité (FSE+ EECO13), facultative."""

    FRANCE = "FRANCE", _("Française")
    UE = "UE", _("Union européenne")
    HORS_UE = "HORS_UE", _("Hors Union européenne")
    NON_RENSEIGNE = "NR", _("Non renseignée")


class ReponseSensible(models.TextChoices):
    """Réponse à une question sensible (donnée de santé) : toujours facultative, refus possible."""

    OUI = "OUI", _("Oui")
    NON = "NON", _("Non")
    NE_SOUHAITE_PAS = "REFUS", _("Ne souhaite pas répondre")
    NON_RENSEIGNE = "NR", _("Non renseigné")


class SituationMarcheTravail(models.TextChoices):
    """Situation sur le marché du travail à l'entrée (FSE+ EECO02-05)."""

    CHOMEUR = "CHOMEUR", _("Chômeur")
    CHOMEUR_LONGUE_DUREE = "CHOMEUR_LONGUE_DUREE", _("Chômeur de longue durée")
    INACTIF = "INACTIF", _("Inactif")
    EMPLOYE = "EMPLOYE", _("En emploi (y compris indépendant)")
    NON_RENSEIGNE = "NR", _("Non renseignée")


# --- Côtés du binôme -------------------------------------------------------------------------------


class Cote(models.TextChoices):
    """Les deux côtés du binôme : France Travail (emploi) et Département (social)."""

    FRANCE_TRAVAIL = "FRANCE_TRAVAIL", _("France Travail")
    DEPARTEMENT = "DEPARTEMENT", _("Département")


# --- Orientation ---------------------------------------------------------------------------------


class OrigineOrientation(models.TextChoices):
    CONSEILLER_FT = "CONSEILLER_FT", _("Conseiller France Travail")
    TRAVAILLEUR_SOCIAL = "TRAVAILLEUR_SOCIAL", _("Travailleur social")
    PARTENAIRE = "PARTENAIRE", _("Partenaire")


class Modalite(models.TextChoices):
    GLOBAL = "GLOBAL", _("Accompagnement global")
    SOCIAL_EXCLUSIF = "SOCIAL_EXCLUSIF", _("Accompagnement social exclusif")


class StatutOrientation(models.TextChoices):
    PROPOSEE = "PROPOSEE", _("Proposée")
    DIAGNOSTIC_PLANIFIE = "DIAGNOSTIC_PLANIFIE", _("Diagnostic planifié")
    ACCEPTEE = "ACCEPTEE", _("Acceptée")
    REFUSEE = "REFUSEE", _("Refusée")


STATUTS_ORIENTATION_EN_ATTENTE = (StatutOrientation.PROPOSEE, StatutOrientation.DIAGNOSTIC_PLANIFIE)


# --- Diagnostic partagé ------------------------------------------------------------------------------


class DureeHorsEmploi(models.TextChoices):
    MOINS_6_MOIS = "MOINS_6_MOIS", _("Moins de 6 mois")
    DE_6_A_12_MOIS = "6_12_MOIS", _("6 à 12 mois")
    DE_12_A_24_MOIS = "12_24_MOIS", _("12 à 24 mois")
    PLUS_24_MOIS = "PLUS_24_MOIS", _("Plus de 24 mois")
    JAMAIS_TRAVAILLE = "JAMAIS", _("N'a jamais travaillé")


class Qualification(models.TextChoices):
    QUALIFIANTE = "QUALIFIANTE", _("Formation qualifiante obtenue")
    NON_QUALIFIANTE = "NON_QUALIFIANTE", _("Sans formation qualifiante")


class Aspiration(models.TextChoices):
    RETOUR_RAPIDE = "RETOUR_RAPIDE", _("Retour rapide à l'emploi")
    PROJET_A_CONSTRUIRE = "PROJET_A_CONSTRUIRE", _("Projet professionnel à construire")


class DomaineFrein(models.TextChoices):
    """Domaines de freins : critères nationaux (CNE 2024) et thèmes du Carnet de bord."""

    SANTE = "SANTE", _("Santé")
    LOGEMENT = "LOGEMENT", _("Logement")
    MOBILITE = "MOBILITE", _("Mobilité")
    FAMILLE = "FAMILLE", _("Garde d'enfants, contraintes familiales")
    AIDANT = "AIDANT", _("Rôle d'aidant")
    BUDGET = "BUDGET", _("Budget, difficultés financières")
    ADMINISTRATIF = "ADMINISTRATIF", _("Démarches administratives, accès aux droits")
    LANGUE = "LANGUE", _("Français, savoirs de base")
    NUMERIQUE = "NUMERIQUE", _("Numérique")
    JUSTICE_ISOLEMENT = "JUSTICE_ISOLEMENT", _("Justice, isolement")


class NiveauFrein(models.TextChoices):
    FORT = "FORT", _("Impact fort")
    MOYEN = "MOYEN", _("Impact moyen")
    SANS_IMPACT = "SANS_IMPACT", _("Sans impact")


class DecisionDiagnostic(models.TextChoices):
    """Décision humaine et conjointe à l'issue du diagnostic partagé (jamais automatique)."""

    GLOBAL = "GLOBAL", _("Accompagnement global")
    SOCIAL_EXCLUSIF = "SOCIAL_EXCLUSIF", _("Accompagnement social exclusif")
    FT_SUIVI = "FT_SUIVI", _("Autre modalité France Travail : suivi")
    FT_GUIDE = "FT_GUIDE", _("Autre modalité France Travail : guidé")
    FT_RENFORCE = "FT_RENFORCE", _("Autre modalité France Travail : renforcé")
    NON_RETENU = "NON_RETENU", _("Non retenu")


# Décisions qui ouvrent un accompagnement : exigent l'adhésion de la personne.
DECISIONS_AVEC_ENTREE = (DecisionDiagnostic.GLOBAL, DecisionDiagnostic.SOCIAL_EXCLUSIF)


class MotifNonRetenu(models.TextChoices):
    REFUS_PERSONNE = "REFUS_PERSONNE", _("Refus de la personne")
    NON_ELIGIBLE = "NON_ELIGIBLE", _("Ne relève pas de l'accompagnement global")
    FREINS_NON_BLOQUANTS = "FREINS_NON_BLOQUANTS", _("Freins ponctuels ou non bloquants")
    INJOIGNABLE = "INJOIGNABLE", _("Personne injoignable")
    AUTRE = "AUTRE", _("Autre motif")


# --- Parcours -------------------------------------------------------------------------------------


class EtatParcours(models.TextChoices):
    """Machine à états (domaine.md §a.3)."""

    REPERE = "REPERE", _("Repéré")
    ORIENTATION_PROPOSEE = "ORIENTATION_PROPOSEE", _("Orientation proposée")
    DIAGNOSTIC_PARTAGE = "DIAGNOSTIC_PARTAGE", _("Diagnostic partagé")
    ACTIF = "ACTIF", _("Actif")
    SUSPENDU = "SUSPENDU", _("Suspendu")
    RENOUVELE = "RENOUVELE", _("Renouvelé")
    SOCIAL_EXCLUSIF = "SOCIAL_EXCLUSIF", _("Social exclusif")
    SORTI = "SORTI", _("Sorti")
    NON_RETENU = "NON_RETENU", _("Non retenu")


ETATS_AVANT_ENTREE = (EtatParcours.REPERE, EtatParcours.ORIENTATION_PROPOSEE, EtatParcours.DIAGNOSTIC_PARTAGE)
ETATS_EN_COURS = (EtatParcours.ACTIF, EtatParcours.SUSPENDU, EtatParcours.RENOUVELE, EtatParcours.SOCIAL_EXCLUSIF)
ETATS_CLOS = (EtatParcours.SORTI, EtatParcours.NON_RETENU)

# Les transitions, leurs gardes et les points d'entrée sont déclarés dans ``binome.accompagnement.machine``.


class MotifSuspension(models.TextChoices):
    MALADIE = "MALADIE", _("Arrêt maladie")
    HOSPITALISATION = "HOSPITALISATION", _("Hospitalisation")
    MATERNITE = "MATERNITE", _("Congé maternité ou parental")
    FORMATION_COURTE = "FORMATION_COURTE", _("Formation courte")
    EMPLOI_COURT = "EMPLOI_COURT", _("Emploi de courte durée")
    AUTRE = "AUTRE", _("Autre motif")


# --- Plan d'action -------------------------------------------------------------------------------


class TypeElementReferentiel(models.TextChoices):
    SITUATION = "SITUATION", _("Situation (frein)")
    OBJECTIF = "OBJECTIF", _("Objectif")
    ACTION = "ACTION", _("Action")


class CotePlan(models.TextChoices):
    EMPLOI = "EMPLOI", _("Emploi")
    SOCIAL = "SOCIAL", _("Social")
    PARTENAIRE = "PARTENAIRE", _("Partenaire")


class Porteur(models.TextChoices):
    PERSONNE = "PERSONNE", _("La personne")
    CONSEILLER = "CONSEILLER", _("Le conseiller France Travail")
    REFERENT_SOCIAL = "REFERENT_SOCIAL", _("Le référent social")
    PARTENAIRE = "PARTENAIRE", _("Un partenaire")


class StatutAction(models.TextChoices):
    A_FAIRE = "A_FAIRE", _("À faire")
    EN_COURS = "EN_COURS", _("En cours")
    REALISEE = "REALISEE", _("Réalisée")
    ABANDONNEE = "ABANDONNEE", _("Abandonnée")


# --- Contacts ---------------------------------------------------------------------------------------


class CanalContact(models.TextChoices):
    PRESENTIEL = "PRESENTIEL", _("Présentiel")
    TELEPHONE = "TELEPHONE", _("Téléphone")
    VISIO = "VISIO", _("Visioconférence")
    VISITE_DOMICILE = "VISITE_DOMICILE", _("Visite à domicile")
    COURRIEL = "COURRIEL", _("Courriel")


class TypeContact(models.TextChoices):
    INDIVIDUEL = "INDIVIDUEL", _("Individuel")
    TRIPARTITE = "TRIPARTITE", _("Tripartite")
    COLLECTIF = "COLLECTIF", _("Collectif")


class PresenceContact(models.TextChoices):
    HONORE = "HONORE", _("Honoré")
    MANQUE = "MANQUE", _("Manqué")
    EXCUSE = "EXCUSE", _("Excusé")


# --- Sortie -------------------------------------------------------------------------------------------


class MotifSortie(models.TextChoices):
    """Motifs de sortie (domaine.md §a.5). La « sortie positive » est un ensemble paramétrable (pilotage)."""

    EMPLOI_DURABLE = "EMPLOI_DURABLE", _("Emploi durable (CDI, CDD ou intérim de plus de 6 mois, titularisation)")
    EMPLOI_TRANSITION = "EMPLOI_TRANSITION", _("Emploi de transition (CDD ou intérim ≤ 6 mois, contrat aidé, IAE)")
    CREATION_ENTREPRISE = "CREATION_ENTREPRISE", _("Création d'entreprise")
    FORMATION = "FORMATION", _("Formation qualifiante ou certifiante")
    REORIENTATION_SOCIAL = "REORIENTATION_SOCIAL", _("Réorientation vers un accompagnement social")
    REORIENTATION_AUTRE = "REORIENTATION_AUTRE", _("Réorientation vers une autre modalité ou un autre organisme")
    DUREE_MAX = "DUREE_MAX", _("Fin de la durée maximale")
    ABANDON = "ABANDON", _("Abandon")
    DEMENAGEMENT = "DEMENAGEMENT", _("Déménagement")
    SANTE = "SANTE", _("Raison de santé")
    RADIATION = "RADIATION", _("Radiation")
    AUTRE = "AUTRE", _("Autre motif")


class SituationSortieFSE(models.TextChoices):
    """Résultats immédiats FSE+ à la sortie."""

    EECR01 = "EECR01", _("En recherche d'emploi")
    EECR02 = "EECR02", _("En études ou en formation")
    EECR03 = "EECR03", _("Qualification obtenue")
    EECR04 = "EECR04", _("En emploi (y compris indépendant)")


# --- Social exclusif : coordination ------------------------------------------------------------------


class ObjetCoordination(models.TextChoices):
    POINT_SITUATION = "POINT_SITUATION", _("Point de situation")
    RETOUR_DIAGNOSTIC = "RETOUR_DIAGNOSTIC", _("Retour vers un diagnostic partagé")
    SORTIE = "SORTIE", _("Sortie de l'accompagnement")
    AUTRE = "AUTRE", _("Autre demande")


class StatutCoordination(models.TextChoices):
    OUVERTE = "OUVERTE", _("En attente de réponse")
    REPONDUE = "REPONDUE", _("Répondue")
    # Contexte : la chaîne seule « Close » est traduite « Fermer » (le verbe) par le catalogue de Django.
    CLOSE = "CLOSE", pgettext_lazy("statut d'une demande de coordination", "Close")


# --- Notes privées (secret partagé, CASF L.121-6-2) ------------------------------------------------


class FinalitePartage(models.TextChoices):
    EVALUER = "EVALUER", _("Évaluer la situation")
    DECIDER = "DECIDER", _("Déterminer les mesures d'action sociale")
    METTRE_EN_OEUVRE = "METTRE_EN_OEUVRE", _("Mettre en œuvre les mesures d'action sociale")


# --- Chronologie -------------------------------------------------------------------------------------


class TypeEvenement(models.TextChoices):
    PERSONNE_CREEE = "PERSONNE_CREEE", _("Personne enregistrée")
    PERSONNE_MODIFIEE = "PERSONNE_MODIFIEE", _("Personne modifiée")
    REPERAGE = "REPERAGE", _("Repérage")
    ORIENTATION_PROPOSEE = "ORIENTATION_PROPOSEE", _("Orientation proposée")
    ORIENTATION_TRAITEE = "ORIENTATION_TRAITEE", _("Orientation traitée")
    DIAGNOSTIC = "DIAGNOSTIC", _("Diagnostic partagé")
    ENTREE = "ENTREE", _("Entrée en accompagnement")
    BINOME_MODIFIE = "BINOME_MODIFIE", _("Binôme modifié")
    PLAN_SIGNE = "PLAN_SIGNE", _("Plan d'action signé")
    PLAN_MODIFIE = "PLAN_MODIFIE", _("Plan d'action modifié")
    CONTACT = "CONTACT", _("Contact")
    SUSPENSION = "SUSPENSION", _("Suspension")
    REPRISE = "REPRISE", _("Reprise")
    RENOUVELLEMENT = "RENOUVELLEMENT", _("Renouvellement")
    SOCIAL_EXCLUSIF = "SOCIAL_EXCLUSIF", _("Passage en accompagnement social exclusif")
    COORDINATION = "COORDINATION", _("Demande de coordination")
    REPONSE_COORDINATION = "REPONSE_COORDINATION", _("Réponse de coordination")
    RETOUR_DIAGNOSTIC = "RETOUR_DIAGNOSTIC", _("Retour vers un diagnostic partagé")
    NOTE_PRIVEE = "NOTE_PRIVEE", _("Note privée")
    SORTIE = "SORTIE", _("Sortie")
    SUIVI_6_MOIS = "SUIVI_6_MOIS", _("Suivi à 6 mois")
    NON_RETENU = "NON_RETENU", _("Non retenu")
    OPPOSITION = "OPPOSITION", _("Opposition de la personne")
    ANONYMISATION = "ANONYMISATION", _("Anonymisation")
    ORIENTATION_SERVICE_ENVOYEE = "ORIENTATION_SERVICE_ENVOYEE", _("Orientation vers un service")
    ORIENTATION_SERVICE_REPONDUE = "ORIENTATION_SERVICE_REPONDUE", _("Réponse d'un service")
    ORIENTATION_SERVICE_EXPIREE = "ORIENTATION_SERVICE_EXPIREE", _("Orientation vers un service sans réponse")
    RENDEZ_VOUS = "RENDEZ_VOUS", _("Rendez-vous")
    PARTENAIRE_INVITE = "PARTENAIRE_INVITE", _("Partenaire invité dans le parcours")
    PARTENAIRE_REVOQUE = "PARTENAIRE_REVOQUE", _("Invitation d'un partenaire révoquée")
    # Instances (équipe pluridisciplinaire, comité technique) et manquements au contrat d'engagement (RSA).
    INSTANCE_INSCRIPTION = "INSTANCE_INSCRIPTION", _("Inscription à l'ordre du jour d'une instance")
    INSTANCE_DECISION = "INSTANCE_DECISION", _("Décision d'une instance")
    MANQUEMENT = "MANQUEMENT", _("Manquement au contrat d'engagement")
    MANQUEMENT_DECISION = "MANQUEMENT_DECISION", _("Décision sur un manquement")
    REMOBILISATION = "REMOBILISATION", _("Remobilisation")
