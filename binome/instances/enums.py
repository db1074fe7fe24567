"""Choix des instances : nature, rythme, rôle d'un membre, motif d'inscription d'un dossier, manquements."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NatureInstance(models.TextChoices):
    EQUIPE_PLURIDISCIPLINAIRE = "EQUIPE_PLURIDISCIPLINAIRE", _("Équipe pluridisciplinaire")
    COMITE_TECHNIQUE = "COMITE_TECHNIQUE", _("Comité technique")


class Rythme(models.TextChoices):
    MENSUEL = "MENSUEL", _("Mensuel")
    BIMENSUEL = "BIMENSUEL", _("Tous les quinze jours")
    BIMESTRIEL = "BIMESTRIEL", _("Tous les deux mois")
    TRIMESTRIEL = "TRIMESTRIEL", _("Trimestriel")
    AUTRE = "AUTRE", _("Autre rythme (précisé)")


class RoleMembre(models.TextChoices):
    """Rôle dans l'instance : la présidence et le secrétariat préparent les séances et enregistrent les décisions."""

    PRESIDENCE = "PRESIDENCE", _("Présidence")
    SECRETARIAT = "SECRETARIAT", _("Secrétariat")
    MEMBRE = "MEMBRE", _("Membre")


ROLES_ANIMATION = (RoleMembre.PRESIDENCE, RoleMembre.SECRETARIAT)


class MotifInscription(models.TextChoices):
    """Pourquoi un dossier est à l'ordre du jour : ce qui attend une décision collective."""

    ORIENTATION = "ORIENTATION", _("Orientation à décider")
    RENOUVELLEMENT = "RENOUVELLEMENT", _("Renouvellement")
    RETOUR_SOCIAL_EXCLUSIF = "RETOUR_SOCIAL_EXCLUSIF", _("Retour du social exclusif")
    COORDINATION = "COORDINATION", _("Demande de coordination en désaccord")
    MANQUEMENT = "MANQUEMENT", _("Manquement au contrat d'engagement (avis avant sanction)")
    AJOUT_REFERENT = "AJOUT_REFERENT", _("Ajouté par le référent")


class StatutSeance(models.TextChoices):
    """PREVUE jusqu'au procès-verbal (CLOSE) ou à l'annulation."""

    PREVUE = "PREVUE", _("Prévue")
    CLOSE = "CLOSE", _("Tenue, procès-verbal établi")
    ANNULEE = "ANNULEE", _("Annulée")


class NatureManquement(models.TextChoices):
    """Manquements au contrat d'engagement (décret du 30 mai 2025)."""

    RENDEZ_VOUS = "RENDEZ_VOUS", _("Absence à un rendez-vous sans motif légitime")
    CONTRAT = "CONTRAT", _("Refus d'élaborer ou de signer le contrat d'engagement")
    ACTIVITE = "ACTIVITE", _("Non-respect des heures d'activité ou des actions du contrat")
    AUTRE = "AUTRE", _("Autre manquement au contrat d'engagement")


class SuiteManquement(models.TextChoices):
    """Avis de l'équipe pluridisciplinaire et décision du président du conseil départemental."""

    SUSPENSION_REMOBILISATION = "SUSPENSION_REMOBILISATION", _("Suspension-remobilisation")
    CLASSEMENT = "CLASSEMENT", _("Classement sans suite")
    SUPPRESSION = "SUPPRESSION", _("Suppression")


class StatutManquement(models.TextChoices):
    CONSTATE = "CONSTATE", _("Constaté, avis de l'équipe pluridisciplinaire attendu")
    AVIS_RENDU = "AVIS_RENDU", _("Avis rendu, décision du président attendue")
    SUSPENDU = "SUSPENDU", _("Suspension-remobilisation en cours")
    REMOBILISE = "REMOBILISE", _("Remobilisé : suspension levée")
    CLASSE = "CLASSE", _("Classé sans suite")
    SUPPRIME = "SUPPRIME", _("Suppression décidée")


STATUTS_MANQUEMENT_OUVERTS = (StatutManquement.CONSTATE, StatutManquement.AVIS_RENDU)

# Barème (domaine.md §a.4) : 30 à 100 % de l'allocation, 1 à 2 mois pour un premier manquement, jusqu'à 4 mois
# en cas de récidive.
TAUX_MINIMUM, TAUX_MAXIMUM = 30, 100
DUREE_PREMIER_MANQUEMENT_MOIS, DUREE_RECIDIVE_MOIS = 2, 4
