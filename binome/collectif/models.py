"""Actions collectives (café santé, atelier budget, préparation à l'entretien…), leurs séances et les inscriptions.

Structure seulement : les écritures passent par ``collectif/services``, les lectures soumises à permission par
``collectif/selectors``. Une action appartient à un département et a des séances ; une personne y est inscrite
depuis son parcours (avec son accord daté), sur une place ou sur la liste d'attente ; la saisie des présences
écrit, dans la même transaction, un contact « collectif » au journal de chaque personne (``Inscription.contact``).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binome.accompagnement.models import Action, Contact, Parcours
from binome.collectif.enums import Organisateur, PresenceSeance, StatutInscription, StatutSeance, ThemeAction
from binome.core.models import Horodate

CAPACITE_MAXIMALE = 500
DUREE_MINIMALE = 15
DUREE_MAXIMALE = 8 * 60


class ActionCollective(Horodate):
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+", verbose_name=_("département")
    )
    titre = models.CharField(_("titre"), max_length=150)
    theme = models.CharField(_("thème"), max_length=20, choices=ThemeAction.choices)
    organisateur = models.CharField(_("organisée par"), max_length=20, choices=Organisateur.choices)
    # L'organisation qui porte l'action (agence France Travail, conseil départemental ou structure partenaire
    # inscrite dans Binôme) ; pour un partenaire, la structure de l'annuaire qui l'anime.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_collectives",
        verbose_name=_("organisation"),
    )
    structure = models.ForeignKey(
        "ressources.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_collectives",
        verbose_name=_("structure partenaire de l'annuaire"),
    )
    description = models.TextField(_("description"))
    capacite = models.PositiveSmallIntegerField(
        _("places par séance"), validators=[MinValueValidator(1), MaxValueValidator(CAPACITE_MAXIMALE)]
    )
    public = models.CharField(_("public"), max_length=255, blank=True)
    # Publication dans l'annuaire : le service data·inclusion (type « atelier ») qui la décrit.
    service = models.OneToOneField(
        "ressources.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_collective",
        verbose_name=_("service publié dans l'annuaire"),
    )
    # Une action retirée garde ses séances passées (pilotage) mais n'en reçoit plus de nouvelles.
    proposee = models.BooleanField(_("proposée"), default=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créée par")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action collective")
        verbose_name_plural = _("actions collectives")
        ordering = ["titre", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacite__gte=1) & Q(capacite__lte=CAPACITE_MAXIMALE), name="action_collective_capacite"
            )
        ]

    def __str__(self):
        return self.titre


class SeanceCollective(Horodate):
    action = models.ForeignKey(ActionCollective, on_delete=models.CASCADE, related_name="seances")
    # UID iCalendar stable (invitation des inscrits, agenda abonné des animateurs), SEQUENCE incrémenté à chaque
    # modification : mêmes règles que ``agenda.RendezVous``.
    uid = models.UUIDField(_("identifiant d'agenda"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0, editable=False)
    debut = models.DateTimeField(_("date et heure"))
    duree_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"),
        default=120,
        validators=[MinValueValidator(DUREE_MINIMALE), MaxValueValidator(DUREE_MAXIMALE)],
    )
    lieu = models.CharField(_("lieu"), max_length=255)
    # Places de cette séance ; vide : celles de l'action.
    capacite = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(CAPACITE_MAXIMALE)]
    )
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="seances_animees", verbose_name=_("animateurs")
    )
    animateurs_externes = models.CharField(_("autres animateurs"), max_length=255, blank=True)
    statut = models.CharField(_("statut"), max_length=10, choices=StatutSeance.choices, default=StatutSeance.PLANIFIEE)
    presences_saisies_le = models.DateTimeField(_("présences saisies le"), null=True, blank=True)
    annulee_le = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créée par")
    )

    history = HistoricalRecords(m2m_fields=[animateurs])

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["debut", "pk"]
        indexes = [
            models.Index(fields=["action", "debut"], name="seance_action_debut"),
            models.Index(fields=["statut", "debut"], name="seance_statut_debut"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_minutes__gte=DUREE_MINIMALE) & Q(duree_minutes__lte=DUREE_MAXIMALE),
                name="seance_duree",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutSeance.ANNULEE) | Q(annulee_le__isnull=True), name="seance_annulation"
            ),
        ]

    def __str__(self):
        return f"{self.action} — {self.debut:%d/%m/%Y %H:%M}"

    @property
    def places(self) -> int:
        return self.capacite or self.action.capacite


class Inscription(Horodate):
    """Une personne (par son parcours) inscrite à une séance, ou sur sa liste d'attente (rang = ordre d'arrivée)."""

    seance = models.ForeignKey(SeanceCollective, on_delete=models.CASCADE, related_name="inscriptions")
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="inscriptions_collectives")
    statut = models.CharField(
        _("statut"), max_length=12, choices=StatutInscription.choices, default=StatutInscription.INSCRITE
    )
    # Rang sur la liste d'attente : ordre des demandes (remis à la date d'une nouvelle demande après une
    # désinscription, la ligne étant unique par séance et parcours).
    demande_le = models.DateTimeField(_("demandée le"), default=timezone.now)
    # L'inscription se fait avec l'accord de la personne : sa date est obligatoire.
    accord_le = models.DateField(_("accord de la personne le"))
    # Une séance peut répondre à une action du plan de la personne.
    action_plan = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inscriptions_collectives",
        verbose_name=_("action du plan"),
    )
    presence = models.CharField(_("présence"), max_length=10, choices=PresenceSeance.choices, blank=True)
    # Le contact « collectif » écrit au journal de la personne à la saisie des présences.
    contact = models.OneToOneField(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="inscription_collective"
    )
    confirmation_envoyee_le = models.DateTimeField(_("confirmation envoyée le"), null=True, blank=True)
    rappel_envoye_le = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    inscrite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inscrite par")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["seance", "cree_le", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "parcours"], name="inscription_unique_par_seance"),
        ]
        indexes = [models.Index(fields=["parcours", "seance"], name="inscription_parcours_seance")]

    def __str__(self):
        return f"{self.seance} — {self.get_statut_display()}"
