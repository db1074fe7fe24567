"""Instances d'un département (équipe pluridisciplinaire, comité technique), leurs séances et leurs ordres du jour.

Structure seulement : écritures dans ``instances/services``, lectures soumises à permission dans
``instances/selectors``.

- ``Instance`` : définie par l'administrateur départemental (nature, territoire, rythme) ; ses membres
  (``MembreInstance``) sont des utilisateurs de Binôme qui y siègent pour une organisation (y compris une structure
  partenaire) avec un rôle.
- ``SeanceInstance`` : date, lieu, présents ; son ordre du jour (``PointOrdreDuJour``) liste des dossiers par leur
  **référence pseudonyme** ; chaque point porte la synthèse écrite par le référent pour l'instance, puis l'avis, la
  décision et les suites, écrits aussi à la chronologie du parcours.
- ``Manquement`` : manquement au contrat d'engagement d'un bénéficiaire du RSA (décret du 30 mai 2025) : constat,
  invitation de la personne (qui peut être entendue), avis de l'équipe pluridisciplinaire, décision datée du
  président du conseil départemental (suspension-remobilisation avec taux et durée, classement ou suppression),
  remobilisation qui lève la suspension.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from binome.core.models import Horodate
from binome.instances import enums as e

LONGUEUR_SYNTHESE = 3000
LONGUEUR_DECISION = 2000


class Instance(Horodate):
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+", verbose_name=_("département")
    )
    nom = models.CharField(_("nom"), max_length=150)
    nature = models.CharField(_("nature"), max_length=30, choices=e.NatureInstance.choices)
    # Territoire : tout le département si ni commune ni unité n'est choisie.
    communes = models.ManyToManyField(
        "territoires.Commune", blank=True, related_name="+", verbose_name=_("communes couvertes")
    )
    unites = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="instances_couvrantes",
        verbose_name=_("unités ou agences couvertes"),
    )
    rythme = models.CharField(_("rythme"), max_length=12, choices=e.Rythme.choices, default=e.Rythme.MENSUEL)
    rythme_precision = models.CharField(_("précision sur le rythme"), max_length=150, blank=True)
    active = models.BooleanField(pgettext_lazy("instance", "active"), default=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créée par")
    )

    history = HistoricalRecords(m2m_fields=[communes, unites])

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["departement", "nom", "pk"]

    def __str__(self):
        return self.nom


class MembreInstance(Horodate):
    """Un utilisateur qui siège dans l'instance pour une organisation (son habilitation active y est exigée)."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="membres")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sieges_instances", verbose_name=_("membre")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("rôle"), max_length=12, choices=e.RoleMembre.choices, default=e.RoleMembre.MEMBRE)
    qualite = models.CharField(_("qualité"), max_length=150, blank=True)
    retire_le = models.DateTimeField(_("retiré le"), null=True, blank=True)

    # « instance » est aussi un attribut des lignes d'historique de simple-history : le champ (fixé à la création,
    # jamais modifié) n'y est pas recopié ; la ligne d'historique désigne le membre, qui désigne son instance.
    history = HistoricalRecords(excluded_fields=["instance"])

    class Meta:
        verbose_name = _("membre d'une instance")
        verbose_name_plural = _("membres d'une instance")
        ordering = ["instance", "organisation__nom", "utilisateur__nom", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "utilisateur"], condition=Q(retire_le__isnull=True), name="membre_instance_unique"
            )
        ]

    def __str__(self):
        return f"{self.utilisateur.get_full_name()} ({self.organisation})"


class SeanceInstance(Horodate):
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="seances")
    date = models.DateTimeField(_("date et heure"))
    lieu = models.CharField(_("lieu"), max_length=255)
    statut = models.CharField(_("statut"), max_length=8, choices=e.StatutSeance.choices, default=e.StatutSeance.PREVUE)
    presents = models.ManyToManyField(MembreInstance, blank=True, related_name="presences", verbose_name=_("présents"))
    autres_presents = models.CharField(_("autres participants"), max_length=255, blank=True)
    proces_verbal_le = models.DateTimeField(_("procès-verbal établi le"), null=True, blank=True)
    proces_verbal_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créée par")
    )

    history = HistoricalRecords(m2m_fields=[presents], excluded_fields=["instance"])  # voir MembreInstance

    class Meta:
        verbose_name = _("séance d'instance")
        verbose_name_plural = _("séances d'instance")
        ordering = ["instance", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statut=e.StatutSeance.CLOSE) | Q(proces_verbal_le__isnull=True),
                name="seance_instance_pv_si_close",
            )
        ]

    def __str__(self):
        return f"{self.instance} — {self.date:%d/%m/%Y}"


class Manquement(Horodate):
    parcours = models.ForeignKey(
        "accompagnement.Parcours", on_delete=models.CASCADE, related_name="manquements", verbose_name=_("parcours")
    )
    date = models.DateField(_("date du manquement"))
    nature = models.CharField(_("nature"), max_length=12, choices=e.NatureManquement.choices)
    constat = models.TextField(_("constat"), validators=[MaxLengthValidator(LONGUEUR_DECISION)])
    constate_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("constaté par")
    )
    statut = models.CharField(
        _("statut"), max_length=10, choices=e.StatutManquement.choices, default=e.StatutManquement.CONSTATE
    )
    # La personne est invitée devant l'équipe pluridisciplinaire et peut y être entendue.
    invitee_le = models.DateField(_("personne invitée le"), null=True, blank=True)
    entendue = models.BooleanField(_("personne entendue"), null=True, blank=True)
    observations = models.TextField(
        _("observations de la personne"), blank=True, validators=[MaxLengthValidator(LONGUEUR_DECISION)]
    )
    avis = models.CharField(
        _("avis de l'équipe pluridisciplinaire"), max_length=25, blank=True, choices=e.SuiteManquement.choices
    )
    avis_le = models.DateField(_("avis rendu le"), null=True, blank=True)
    decision = models.CharField(
        _("décision du président du conseil départemental"),
        max_length=25,
        blank=True,
        choices=e.SuiteManquement.choices,
    )
    decision_le = models.DateField(_("décidé le"), null=True, blank=True)
    taux = models.PositiveSmallIntegerField(
        _("part de l'allocation suspendue (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(e.TAUX_MINIMUM), MaxValueValidator(e.TAUX_MAXIMUM)],
    )
    duree_mois = models.PositiveSmallIntegerField(
        _("durée (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(e.DUREE_RECIDIVE_MOIS)],
    )
    suspension_debut = models.DateField(_("suspension à partir du"), null=True, blank=True)
    remobilise_le = models.DateField(_("remobilisé le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("manquement au contrat d'engagement")
        verbose_name_plural = _("manquements au contrat d'engagement")
        ordering = ["parcours", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision=e.SuiteManquement.SUSPENSION_REMOBILISATION)
                | (
                    Q(taux__gte=e.TAUX_MINIMUM, taux__lte=e.TAUX_MAXIMUM)
                    & Q(duree_mois__gte=1, duree_mois__lte=e.DUREE_RECIDIVE_MOIS)
                    & Q(suspension_debut__isnull=False)
                ),
                name="manquement_suspension_bornee",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | (~Q(avis="") & Q(decision_le__isnull=False)),
                name="manquement_decision_apres_avis",
            ),
            models.CheckConstraint(
                condition=Q(remobilise_le__isnull=True) | Q(decision=e.SuiteManquement.SUSPENSION_REMOBILISATION),
                name="manquement_remobilisation_apres_suspension",
            ),
        ]

    def __str__(self):
        return f"{self.get_nature_display()} ({self.date:%d/%m/%Y})"


class PointOrdreDuJour(Horodate):
    """Un dossier à l'ordre du jour d'une séance : désigné par sa référence pseudonyme, jamais par le nom."""

    seance = models.ForeignKey(SeanceInstance, on_delete=models.CASCADE, related_name="points")
    parcours = models.ForeignKey("accompagnement.Parcours", on_delete=models.CASCADE, related_name="points_instance")
    reference = models.CharField(_("référence du dossier"), max_length=20)
    motif = models.CharField(_("motif"), max_length=25, choices=e.MotifInscription.choices)
    precision = models.CharField(_("précision sur le motif"), max_length=255, blank=True)
    manquement = models.ForeignKey(Manquement, on_delete=models.PROTECT, null=True, blank=True, related_name="points")
    inscrit_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inscrit par")
    )
    # Ce que les membres lisent : la synthèse écrite pour l'instance par le référent, rien d'autre du dossier.
    synthese = models.TextField(
        _("synthèse pour l'instance"), blank=True, validators=[MaxLengthValidator(LONGUEUR_SYNTHESE)]
    )
    synthese_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    synthese_le = models.DateTimeField(_("synthèse écrite le"), null=True, blank=True)
    avis = models.TextField(_("avis"), blank=True, validators=[MaxLengthValidator(LONGUEUR_DECISION)])
    decision = models.TextField(_("décision"), blank=True, validators=[MaxLengthValidator(LONGUEUR_DECISION)])
    suites = models.TextField(_("suites"), blank=True, validators=[MaxLengthValidator(LONGUEUR_DECISION)])
    decide_le = models.DateTimeField(_("décision enregistrée le"), null=True, blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier de l'ordre du jour")
        verbose_name_plural = _("dossiers de l'ordre du jour")
        ordering = ["seance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "parcours"], name="point_un_par_dossier_et_seance"),
            models.CheckConstraint(
                condition=~Q(motif=e.MotifInscription.MANQUEMENT) | Q(manquement__isnull=False),
                name="point_manquement_designe",
            ),
            models.CheckConstraint(
                condition=Q(decide_le__isnull=True) | ~Q(decision=""), name="point_decision_non_vide"
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.get_motif_display()}"

    @property
    def est_decide(self) -> bool:
        return self.decide_le is not None
