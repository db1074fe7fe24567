"""L'espace de la personne accompagnée (issue 16) : ouvert par un référent avec l'accord enregistré de la personne.

La personne n'est jamais un ``Utilisateur`` : sa session porte l'identifiant de son espace (``espace.session``),
aucune route professionnelle ne lui répond (``ConnexionObligatoireMiddleware`` ne la voit pas connectée).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EspacePersonne(models.Model):
    personne = models.OneToOneField(
        "accompagnement.Personne", on_delete=models.CASCADE, related_name="espace", verbose_name=_("personne")
    )
    accord_le = models.DateField(_("accord de la personne recueilli le"))
    ouvert_le = models.DateTimeField(_("ouvert le"), default=timezone.now)
    ouvert_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ouvert par"),
    )
    ferme_le = models.DateTimeField(_("fermé le"), null=True, blank=True)
    ferme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fermé par"),
    )
    ferme_par_la_personne = models.BooleanField(_("fermé par la personne"), default=False)
    # Identité FranceConnect (``sub``) rattachée après confirmation du référent ; jamais l'adresse électronique.
    franceconnect_sub = models.CharField(_("identifiant FranceConnect"), max_length=255, blank=True, db_index=True)
    derniere_connexion_le = models.DateTimeField(_("dernière connexion le"), null=True, blank=True)
    # « lien » ou « franceconnect » (``session.Moyen``) : montré au référent avec la date de la dernière connexion.
    derniere_connexion_moyen = models.CharField(_("moyen de la dernière connexion"), max_length=20, blank=True)

    history = HistoricalRecords(excluded_fields=["derniere_connexion_le", "derniere_connexion_moyen"])

    class Meta:
        verbose_name = _("espace de la personne")
        verbose_name_plural = _("espaces des personnes")
        ordering = ["-ouvert_le", "-pk"]

    def __str__(self):
        return _("Espace de la personne n° %(pk)s") % {"pk": self.personne_id}

    @property
    def est_ouvert(self) -> bool:
        return self.ferme_le is None


class LienConnexion(models.Model):
    """Lien de connexion à usage unique envoyé par courriel (15 minutes) ; seule l'empreinte SHA-256 est gardée."""

    espace = models.ForeignKey(EspacePersonne, on_delete=models.CASCADE, related_name="liens")
    empreinte = models.CharField(max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField(default=timezone.now, db_index=True)
    expire_le = models.DateTimeField()
    utilise_le = models.DateTimeField(null=True, blank=True)
    # Limite par adresse IP (liens envoyés depuis une même adresse) : empreinte HMAC de l'adresse, jamais l'adresse.
    ip_empreinte = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("lien de connexion")
        verbose_name_plural = _("liens de connexion")
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return _("Lien de connexion n° %(pk)s") % {"pk": self.pk}


class StatutRapprochement(models.TextChoices):
    EN_ATTENTE = "EN_ATTENTE", _("À confirmer par le référent")
    CONFIRME = "CONFIRME", _("Confirmé")
    REFUSE = "REFUSE", _("Refusé")


class RapprochementFranceConnect(models.Model):
    """Première connexion FranceConnect : l'identité pivot a désigné cet espace ; le référent confirme."""

    espace = models.ForeignKey(
        EspacePersonne, on_delete=models.CASCADE, related_name="rapprochements", verbose_name=_("espace")
    )
    sub = models.CharField(_("identifiant FranceConnect"), max_length=255)
    identite = models.JSONField(_("identité pivot transmise par FranceConnect"), default=dict)
    statut = models.CharField(
        _("statut"), max_length=12, choices=StatutRapprochement.choices, default=StatutRapprochement.EN_ATTENTE
    )
    cree_le = models.DateTimeField(_("demandé le"), default=timezone.now)
    decide_le = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapprochement FranceConnect")
        verbose_name_plural = _("rapprochements FranceConnect")
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["espace", "sub"],
                condition=models.Q(statut="EN_ATTENTE"),
                name="rapprochement_en_attente_unique",
            )
        ]

    def __str__(self):
        return _("Rapprochement FranceConnect n° %(pk)s") % {"pk": self.pk}
