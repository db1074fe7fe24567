"""Rendez-vous avec la personne suivie, et l'abonnement de chaque professionnel à son agenda.

Structure seulement : les écritures passent par ``agenda/services.py``, les lectures soumises à permission par
``agenda/selectors.py``. Un rendez-vous appartient à un parcours ; il voit le jour PLANIFIE, peut être modifié
(chaque modification incrémente ``sequence``, le SEQUENCE iTIP de l'invitation) ou annulé, et, une fois passé,
reçoit sa présence, qui écrit le contact du journal (``contact``) dans la même transaction.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binome.accompagnement.models import Contact, Parcours
from binome.agenda.enums import CanalRendezVous, StatutRendezVous, TypeRendezVous
from binome.core.models import Horodate

DUREE_MINIMALE = 5
DUREE_MAXIMALE = 8 * 60
LONGUEUR_OBJET = 200


class RendezVous(Horodate):
    """Un rendez-vous individuel ou tripartite avec la personne d'un parcours."""

    # UID iCalendar stable (RFC 5545 §3.8.4.7) : le même pour l'invitation, ses mises à jour et l'annulation.
    uid = models.UUIDField(_("identifiant d'agenda"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="rendez_vous")
    type = models.CharField(
        _("type"), max_length=10, choices=TypeRendezVous.choices, default=TypeRendezVous.INDIVIDUEL
    )
    debut = models.DateTimeField(_("date et heure"))
    duree_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"),
        default=45,
        validators=[MinValueValidator(DUREE_MINIMALE), MaxValueValidator(DUREE_MAXIMALE)],
    )
    canal = models.CharField(_("modalité"), max_length=15, choices=CanalRendezVous.choices)
    lieu = models.CharField(_("lieu"), max_length=255, blank=True)
    lien_visio = models.URLField(_("lien de visioconférence"), blank=True)
    telephone = models.CharField(_("numéro à appeler"), max_length=20, blank=True)
    objet = models.CharField(_("objet"), max_length=LONGUEUR_OBJET)
    # Les professionnels présents (le conseiller, le référent social ou les deux pour un tripartite).
    professionnels = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="rendez_vous", verbose_name=_("professionnels")
    )
    # ORGANIZER de l'invitation : le professionnel qui l'a planifié.
    organisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisé par")
    )
    statut = models.CharField(
        _("statut"), max_length=10, choices=StatutRendezVous.choices, default=StatutRendezVous.PLANIFIE
    )
    annule_le = models.DateTimeField(_("annulé le"), null=True, blank=True)
    motif_annulation = models.CharField(_("motif de l'annulation"), max_length=LONGUEUR_OBJET, blank=True)
    # Le contact écrit au journal quand la présence est saisie (honoré, manqué ou excusé).
    contact = models.OneToOneField(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="rendez_vous"
    )
    # Un rendez-vous manqué en propose un nouveau : celui-ci le remplace.
    remplace = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="remplacants")
    confirmation_envoyee_le = models.DateTimeField(_("confirmation envoyée le"), null=True, blank=True)
    rappel_envoye_le = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    # La personne a confirmé sa venue depuis son espace (issue 16) ; effacé quand la date, l'heure ou le lieu change.
    confirme_par_la_personne_le = models.DateTimeField(_("confirmé par la personne le"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créé par")
    )

    history = HistoricalRecords(m2m_fields=[professionnels])

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["debut", "pk"]
        indexes = [
            models.Index(fields=["parcours", "debut"], name="rdv_parcours_debut"),
            models.Index(fields=["statut", "debut"], name="rdv_statut_debut"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_minutes__gte=DUREE_MINIMALE) & Q(duree_minutes__lte=DUREE_MAXIMALE),
                name="rdv_duree",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutRendezVous.ANNULE) | Q(annule_le__isnull=True), name="rdv_annulation"
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} — {self.debut:%d/%m/%Y %H:%M}"


class AbonnementCalendrier(models.Model):
    """L'adresse d'abonnement privée d'un professionnel à son agenda (.ics), révocable.

    Seule l'empreinte du jeton est gardée (SHA-256) : l'adresse complète n'est montrée qu'à sa création.
    """

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="abonnement_calendrier"
    )
    empreinte = models.CharField(_("empreinte du jeton"), max_length=64, unique=True, editable=False)
    # Les agendas en nuage lisent le flux depuis leurs serveurs : par défaut, aucun nom dans les événements.
    avec_prenoms = models.BooleanField(
        _("montrer le prénom et l'initiale des personnes"),
        default=False,
        help_text=_(
            "Votre agenda (Outlook, Google, téléphone) lit ce flux depuis ses propres serveurs. Sans cette "
            "option, chaque événement s'intitule « Rendez-vous Binôme »."
        ),
    )
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    dernier_acces_le = models.DateTimeField(_("dernière lecture"), null=True, blank=True)

    # Création, option et révocation sont tracées ; la date de lecture (écrite par ``update``) ne l'est pas.
    history = HistoricalRecords(excluded_fields=["dernier_acces_le"])

    class Meta:
        verbose_name = _("abonnement à l'agenda")
        verbose_name_plural = _("abonnements à l'agenda")

    def __str__(self):
        return str(self.utilisateur)
