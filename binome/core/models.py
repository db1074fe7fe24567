from django.db import models
from django.utils.translation import gettext_lazy as _


class Horodate(models.Model):
    """Dates de création et de dernière modification, communes à tous les objets métier."""

    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True
