from django.db import models
from django.utils.translation import gettext_lazy as _


class TypeRendezVous(models.TextChoices):
    INDIVIDUEL = "INDIVIDUEL", _("Individuel")
    TRIPARTITE = "TRIPARTITE", _("Tripartite (la personne, le conseiller et le référent social)")


class CanalRendezVous(models.TextChoices):
    """Les valeurs sont celles de ``CanalContact`` : le contact écrit à la présence reprend le canal tel quel."""

    PRESENTIEL = "PRESENTIEL", _("Présentiel")
    TELEPHONE = "TELEPHONE", _("Téléphone")
    VISIO = "VISIO", _("Visioconférence")
    VISITE_DOMICILE = "VISITE_DOMICILE", _("Visite à domicile")


class StatutRendezVous(models.TextChoices):
    """PLANIFIE tant que la présence n'est pas saisie ; les trois issues sont celles de ``PresenceContact``."""

    PLANIFIE = "PLANIFIE", _("Planifié")
    ANNULE = "ANNULE", _("Annulé")
    HONORE = "HONORE", _("Honoré")
    MANQUE = "MANQUE", _("Manqué")
    EXCUSE = "EXCUSE", _("Excusé")


STATUTS_PRESENCE = (StatutRendezVous.HONORE, StatutRendezVous.MANQUE, StatutRendezVous.EXCUSE)
