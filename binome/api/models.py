"""Modèles propres à l'API : les clés d'idempotence (en-tête ``Idempotency-Key``, ``binome.api.idempotence``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CleIdempotence(models.Model):
    """Une clé ``Idempotency-Key`` reçue sur une création, et la réponse à rejouer.

    ``portee`` : ``jeton:<pk>`` pour un jeton d'API, ``compte:<pk>`` pour une session ; une même clé envoyée par
    deux jetons désigne deux requêtes distinctes. ``empreinte`` : SHA-256 de la méthode, du chemin et du corps de
    la requête (la même clé avec une autre requête est refusée). ``statut`` vide : requête en cours de traitement.
    Seules les réponses réussies (2xx) sont mémorisées ; la clé d'une requête refusée est libérée. Purgées après
    ``DUREE_CONSERVATION`` par la tâche planifiée ``purger_cles_idempotence``.
    """

    portee = models.CharField(_("portée"), max_length=40)
    cle = models.CharField(_("clé"), max_length=255)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("compte")
    )
    empreinte = models.CharField(_("empreinte de la requête"), max_length=64)
    cree_le = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)
    statut = models.PositiveSmallIntegerField(_("statut HTTP"), null=True, blank=True)
    corps = models.BinaryField(_("corps de la réponse"), default=b"")
    entetes = models.JSONField(_("en-têtes de la réponse"), default=dict)

    class Meta:
        verbose_name = _("clé d'idempotence")
        verbose_name_plural = _("clés d'idempotence")
        ordering = ["cree_le", "pk"]
        constraints = [models.UniqueConstraint(fields=["portee", "cle"], name="cle_idempotence_unique")]

    def __str__(self):
        return f"{self.portee} · {self.cle}"
