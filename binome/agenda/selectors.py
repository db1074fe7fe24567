"""Lectures de l'agenda soumises à permission : qui voit quel rendez-vous, et ce qu'il en voit.

Un rendez-vous se voit par son parcours (``accompagnement.selectors.parcours_visibles`` : les deux membres du
binôme, leurs encadrants…). L'objet d'un rendez-vous du seul côté social suit le secret partagé : voir
``objet_visible``.
"""

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from binome.accompagnement import selectors as accompagnement
from binome.agenda.enums import STATUTS_PRESENCE, StatutRendezVous
from binome.agenda.jetons import empreinte_du_jeton
from binome.agenda.models import AbonnementCalendrier, RendezVous
from binome.comptes.models import Role
from binome.comptes.selectors import habilitations


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


# --- Abonnement à l'agenda (poste h3) ---------------------------------------------------------------------


def abonnement_de(utilisateur) -> AbonnementCalendrier | None:
    """L'adresse d'abonnement de l'utilisateur, s'il en a une (chacun ne voit que la sienne)."""
    return AbonnementCalendrier.objects.filter(utilisateur=utilisateur).first()


def abonnement_par_jeton(jeton: str) -> AbonnementCalendrier:
    """L'abonnement dont ``jeton`` est la clé, si son propriétaire est actif ; ``Http404`` sinon.

    Le jeton est l'autorisation : il est cherché par son empreinte (SHA-256) dans l'index unique, jamais
    comparé en clair ; jeton inconnu, révoqué (ligne supprimée ou régénérée) et compte désactivé donnent la
    même réponse.
    """
    return get_object_or_404(
        AbonnementCalendrier.objects.select_related("utilisateur"),
        empreinte=empreinte_du_jeton(jeton),
        utilisateur__is_active=True,
    )


def rendez_vous_clos_de(utilisateur, *, debut: datetime.datetime, fin: datetime.datetime) -> QuerySet[RendezVous]:
    """Rendez-vous de l'utilisateur prévus entre ``debut`` et ``fin`` qui ne sont plus planifiés : présence saisie
    (honoré, manqué, excusé), ou annulés depuis ``debut``. Le flux d'abonnement les garde, avec ceux
    d'``agenda_de`` : un rendez-vous passé ne disparaît pas de l'agenda quand sa présence est saisie, et un
    rendez-vous annulé y est marqué STATUS:CANCELLED pour que l'agenda le retire."""
    return (
        RendezVous.objects.filter(professionnels=utilisateur, debut__gte=debut, debut__lt=fin)
        .filter(Q(statut__in=STATUTS_PRESENCE) | Q(statut=StatutRendezVous.ANNULE, annule_le__gte=debut))
        .select_related("parcours__personne")
        .order_by("debut", "pk")
    )


# Rôles qui reçoivent des rendez-vous, donc une adresse d'abonnement (les autres n'ont rien à y lire).
ROLES_AVEC_AGENDA = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL, Role.REFERENT_ORIENTATION, Role.ENCADRANT)


def peut_s_abonner(utilisateur) -> bool:
    """Vrai si l'utilisateur exerce un rôle qui reçoit des rendez-vous (sans requête : habilitations en cache)."""
    return any(h.role in ROLES_AVEC_AGENDA for h in habilitations(utilisateur))
