from django.db import models
from django.utils.translation import gettext_lazy as _


class ThemeAction(models.TextChoices):
    """Thème d'une action collective : les domaines de frein du diagnostic (mêmes codes que
    ``accompagnement.enums.DomaineFrein``, pour relier une action aux freins repérés), plus l'emploi."""

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
    EMPLOI = "EMPLOI", _("Recherche d'emploi")


class Organisateur(models.TextChoices):
    FRANCE_TRAVAIL = "FRANCE_TRAVAIL", _("France Travail")
    DEPARTEMENT = "DEPARTEMENT", _("Le Département")
    PARTENAIRE = "PARTENAIRE", _("Une structure partenaire de l'annuaire")


class StatutSeance(models.TextChoices):
    """PLANIFIEE jusqu'à la saisie des présences (TENUE) ou l'annulation."""

    PLANIFIEE = "PLANIFIEE", _("Planifiée")
    TENUE = "TENUE", _("Tenue")
    ANNULEE = "ANNULEE", _("Annulée")


class StatutInscription(models.TextChoices):
    INSCRITE = "INSCRITE", _("Inscrite")
    ATTENTE = "ATTENTE", _("Sur liste d'attente")
    DESINSCRITE = "DESINSCRITE", _("Désinscrite")


class PresenceSeance(models.TextChoices):
    """Mêmes valeurs que ``accompagnement.enums.PresenceContact`` : le contact collectif les reprend telles quelles."""

    HONORE = "HONORE", _("Présente")
    MANQUE = "MANQUE", _("Absente")
    EXCUSE = "EXCUSE", _("Excusée")
