"""Ce que le quotidien enregistre : la réclamation de chaque résumé par courriel (une par utilisateur et par date)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResumeEnvoye(models.Model):
    """Le résumé de ``date`` de cet utilisateur est réclamé : la ligne est écrite (contrainte d'unicité) AVANT
    l'envoi, si bien qu'une relance de la commande ou deux travailleurs en même temps n'envoient jamais deux fois
    le même résumé. Un envoi qui échoue supprime sa ligne (la relance le retentera)."""

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("utilisateur")
    )
    date = models.DateField(_("date du résumé"))
    reclame_le = models.DateTimeField(_("réclamé le"), default=timezone.now)
    nombre_lignes = models.PositiveIntegerField(_("lignes « À faire »"), default=0)
    nombre_avis = models.PositiveIntegerField(_("parcours confiés signalés"), default=0)

    class Meta:
        verbose_name = _("résumé envoyé")
        verbose_name_plural = _("résumés envoyés")
        ordering = ["-date", "utilisateur", "pk"]
        constraints = [models.UniqueConstraint(fields=["utilisateur", "date"], name="resume_unique_par_jour")]

    def __str__(self):
        return f"{self.utilisateur_id} — {self.date}"
