"""Modèles des fichiers reçus : correspondance de colonnes enregistrée par organisation et par source, et suivi
de chaque import (fichier déposé, progression, résultat ligne par ligne)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SourceListe(models.TextChoices):
    CAF = "CAF", _("CAF : nouveaux bénéficiaires du RSA")
    MSA = "MSA", _("MSA : nouveaux bénéficiaires du RSA")
    FRANCE_TRAVAIL = "FRANCE_TRAVAIL", _("France Travail : extrait de demandeurs d'emploi")
    LOGICIEL_SOCIAL = "LOGICIEL_SOCIAL", _("Logiciel d'action sociale du département")


# Listes de nouveaux bénéficiaires du RSA : chaque personne listée est à orienter.
SOURCES_NOUVEAUX_RSA = (SourceListe.CAF, SourceListe.MSA)


class StatutImport(models.TextChoices):
    A_CORRESPONDRE = "A_CORRESPONDRE", _("colonnes à faire correspondre")
    PRET = "PRET", _("prêt pour l'essai à blanc")
    EN_FILE = "EN_FILE", _("en file d'attente")
    EN_COURS = "EN_COURS", _("en cours")
    VERIFIE = "VERIFIE", _("essai à blanc réussi")
    REFUSE = "REFUSE", _("refusé")
    IMPORTE = "IMPORTE", _("importé")
    ECHEC = "ECHEC", _("échec technique")


STATUTS_EN_TRAITEMENT = (StatutImport.EN_FILE, StatutImport.EN_COURS)


class CorrespondanceColonnes(models.Model):
    """Pour une organisation et une source de listes : quelle colonne du fichier porte quel champ de Binôme."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="correspondances_colonnes",
        verbose_name=_("organisation"),
    )
    source = models.CharField(_("source de la liste"), max_length=20, choices=SourceListe.choices)
    # {champ de Binôme: en-tête du fichier}
    colonnes = models.JSONField(_("colonnes"), default=dict)
    modifiee_le = models.DateTimeField(_("modifiée le"), auto_now=True)
    modifiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifiée par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correspondance de colonnes")
        verbose_name_plural = _("correspondances de colonnes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "source"], name="correspondance_unique_par_source")
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_source_display()}"


class ImportListe(models.Model):
    """Un fichier reçu et son import : dépôt, correspondance, essai à blanc, import (dans le travailleur)."""

    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+", verbose_name=_("département")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    source = models.CharField(_("source de la liste"), max_length=20, choices=SourceListe.choices)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("déposé par")
    )
    cree_le = models.DateTimeField(_("déposé le"), auto_now_add=True)
    nom_fichier = models.CharField(_("nom du fichier"), max_length=255)
    # Le fichier reçu, effacé une fois l'import fait (les personnes portent alors les données).
    contenu = models.BinaryField(_("contenu"), default=b"")
    entetes = models.JSONField(_("en-têtes du fichier"), default=list)
    ligne_entete = models.PositiveIntegerField(_("ligne de l'en-tête"), default=1)
    colonnes = models.JSONField(_("correspondance appliquée"), default=dict)
    statut = models.CharField(
        _("statut"), max_length=20, choices=StatutImport.choices, default=StatutImport.A_CORRESPONDRE
    )
    essai = models.BooleanField(_("essai à blanc"), default=True)
    confirmer_homonymes = models.BooleanField(
        _("rapprochements par nom et date de naissance confirmés"), default=False
    )
    lignes_total = models.PositiveIntegerField(_("lignes à traiter"), default=0)
    lignes_traitees = models.PositiveIntegerField(_("lignes traitées"), default=0)
    # [{"ligne", "action", "personne", "libelle", "cle", "a_confirmer", "raisons"}]
    resultats = models.JSONField(_("résultat ligne par ligne"), default=list)
    message = models.TextField(_("message"), blank=True)
    termine_le = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import de liste")
        verbose_name_plural = _("imports de listes")
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"{self.nom_fichier} ({self.get_statut_display()})"

    @property
    def en_traitement(self) -> bool:
        return self.statut in STATUTS_EN_TRAITEMENT

    @property
    def pourcentage(self) -> int:
        if self.statut in (StatutImport.VERIFIE, StatutImport.IMPORTE, StatutImport.REFUSE):
            return 100
        return min(100, self.lignes_traitees * 100 // self.lignes_total) if self.lignes_total else 0

    @property
    def nouveaux_rsa(self) -> bool:
        return self.source in SOURCES_NOUVEAUX_RSA
