"""Lectures de l'agenda soumises à permission : qui voit quel rendez-vous, et ce qu'il en voit.

Un rendez-vous se voit par son parcours (``accompagnement.selectors.parcours_visibles`` : les deux membres du
binôme, leurs encadrants…). L'objet d'un rendez-vous du seul côté social suit le secret partagé : voir
``objet_visible``.
"""

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from binome.accompagnement import selectors as accompagnement
from binome.agenda.enums import StatutRendezVous
from binome.agenda.models import RendezVous


def rendez_vous_visibles(acteur) -> QuerySet[RendezVous]:
    """Les rendez-vous des parcours que l'acteur voit."""
    return (
        RendezVous.objects.filter(parcours__in=accompagnement.parcours_visibles(acteur).values("pk"))
        .select_related("parcours__personne", "organisateur")
        .order_by("debut", "pk")
    )


def rendez_vous_pour(acteur, pk) -> RendezVous:
    """Le rendez-vous ``pk`` s'il est visible de l'acteur ; ``Http404`` sinon."""
    return get_object_or_404(rendez_vous_visibles(acteur), pk=pk)


def rendez_vous_du_parcours(parcours) -> QuerySet[RendezVous]:
    return parcours.rendez_vous.prefetch_related("professionnels").order_by("-debut", "-pk")


def agenda_de(utilisateur, *, debut: datetime.datetime, fin: datetime.datetime) -> QuerySet[RendezVous]:
    """Les rendez-vous planifiés où l'utilisateur est attendu, entre ``debut`` (inclus) et ``fin`` (exclu).

    Une seule définition pour l'accueil « À faire », le résumé par courriel et le flux d'abonnement.
    """
    return (
        RendezVous.objects.filter(
            professionnels=utilisateur, statut=StatutRendezVous.PLANIFIE, debut__gte=debut, debut__lt=fin
        )
        .select_related("parcours__personne")
        .order_by("debut", "pk")
    )


def presences_a_saisir(utilisateur, *, avant: datetime.datetime) -> QuerySet[RendezVous]:
    """Rendez-vous passés (commencés avant ``avant``) de l'utilisateur dont la présence n'est pas saisie."""
    return (
        RendezVous.objects.filter(professionnels=utilisateur, statut=StatutRendezVous.PLANIFIE, debut__lt=avant)
        .select_related("parcours__personne")
        .order_by("debut", "pk")
    )
