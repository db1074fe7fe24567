from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ParcoursTransfere(models.Model):
    """Origine d'un parcours reçu d'un autre département (``"15:123"`` : département et identifiant de départ) :
    un paquet reçu deux fois, ou un dossier qui revient dans son département, ne crée pas de doublon."""

    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+", verbose_name=_("département")
    )
    parcours = models.OneToOneField(
        "accompagnement.Parcours", on_delete=models.CASCADE, related_name="transfert", verbose_name=_("parcours")
    )
    origine = models.CharField(_("origine"), max_length=40)
    recu_le = models.DateTimeField(_("reçu le"), default=timezone.now)

    class Meta:
        verbose_name = _("parcours reçu d'un autre département")
        verbose_name_plural = _("parcours reçus d'un autre département")
        ordering = ["departement", "origine", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "origine"], name="parcours_transfere_unique"),
        ]

    def __str__(self):
        return self.origine
