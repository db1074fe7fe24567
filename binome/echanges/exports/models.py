"""Destinataires des fichiers d'événements de parcours et fichiers produits.

``DestinataireExport`` : un système qui reçoit les fichiers d'un département (son propre logiciel, France
Travail). Pseudonyme par défaut ; ``identites_autorisees`` n'est posé que par l'administrateur départemental,
avec la base légale, l'auteur et la date de la décision (historisé et écrit au journal des accès).

``FichierExport`` : un fichier produit par le travailleur (mensuel ou à la demande), gardé pour téléchargement
jusqu'à ``conserver_jusqu_au`` puis effacé par la tâche planifiée.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Durée de conservation d'un fichier produit (téléchargement par l'administrateur, puis effacement).
CONSERVATION_FICHIER_JOURS = 90


class TypeDestinataire(models.TextChoices):
    DEPARTEMENT = "DEPARTEMENT", _("Système d'information du département")
    FRANCE_TRAVAIL = "FRANCE_TRAVAIL", _("France Travail")


class FormatExport(models.TextChoices):
    CSV = "CSV", _("CSV (séparateur « ; », UTF-8)")
    JSON = "JSON", _("JSON (schéma evenements-parcours)")


class StatutFichier(models.TextChoices):
    EN_ATTENTE = "EN_ATTENTE", _("En attente")
    PRET = "PRET", _("Prêt")
    ECHEC = "ECHEC", _("Échec")
    EFFACE = "EFFACE", _("Effacé (conservation échue)")


class DestinataireExport(models.Model):
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+", verbose_name=_("département")
    )
    nom = models.CharField(_("nom"), max_length=120)
    type = models.CharField(_("type"), max_length=20, choices=TypeDestinataire.choices)
    format = models.CharField(_("format du fichier mensuel"), max_length=4, choices=FormatExport.choices)
    actif = models.BooleanField(_("export mensuel actif"), default=True)
    identites_autorisees = models.BooleanField(_("a droit aux identités"), default=False)
    identites_base_legale = models.CharField(
        _("base légale ou motif du droit aux identités"), max_length=300, blank=True
    )
    identites_decidees_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("droit aux identités décidé par"),
    )
    identites_decidees_le = models.DateTimeField(_("droit aux identités décidé le"), null=True, blank=True)
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("destinataire des fichiers d'événements")
        verbose_name_plural = _("destinataires des fichiers d'événements")
        ordering = ["departement", "nom", "pk"]
        constraints = [models.UniqueConstraint(fields=["departement", "nom"], name="destinataire_export_unique")]

    def __str__(self):
        return self.nom


class FichierExport(models.Model):
    destinataire = models.ForeignKey(
        DestinataireExport, on_delete=models.PROTECT, related_name="fichiers", verbose_name=_("destinataire")
    )
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+", verbose_name=_("département")
    )
    format = models.CharField(_("format"), max_length=4, choices=FormatExport.choices)
    du = models.DateField(_("du"))
    au = models.DateField(_("au"))
    mensuel = models.BooleanField(_("export mensuel"), default=False)
    # Copié à la demande : le fichier garde le régime sous lequel il a été produit.
    identites = models.BooleanField(_("avec les identités"), default=False)
    statut = models.CharField(
        _("statut"), max_length=12, choices=StatutFichier.choices, default=StatutFichier.EN_ATTENTE
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    demande_le = models.DateTimeField(_("demandé le"), default=timezone.now)
    produit_le = models.DateTimeField(_("produit le"), null=True, blank=True)
    fichier = models.FileField(_("fichier"), upload_to="echanges/exports/%Y/%m/", blank=True, max_length=255)
    nb_evenements = models.PositiveIntegerField(_("nombre d'événements"), default=0)
    empreinte = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    conserver_jusqu_au = models.DateField(_("conservé jusqu'au"), null=True, blank=True)
    erreur = models.CharField(_("erreur"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("fichier d'événements")
        verbose_name_plural = _("fichiers d'événements")
        ordering = ["-demande_le", "-pk"]
        constraints = [
            # Un seul fichier mensuel par destinataire et par mois : la tâche quotidienne rattrape sans doublon.
            models.UniqueConstraint(
                fields=["destinataire", "du"], condition=models.Q(mensuel=True), name="fichier_export_mensuel_unique"
            ),
        ]

    def __str__(self):
        return f"{self.destinataire} {self.du:%Y-%m-%d}–{self.au:%Y-%m-%d}"

    @property
    def nom_telechargement(self) -> str:
        extension = "csv" if self.format == FormatExport.CSV else "json"
        return f"evenements-parcours-{self.departement_id}-{self.du:%Y%m%d}-{self.au:%Y%m%d}-{self.pk}.{extension}"

    @staticmethod
    def conservation(le: datetime.date) -> datetime.date:
        return le + datetime.timedelta(days=CONSERVATION_FICHIER_JOURS)
