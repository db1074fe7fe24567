"""Lectures de l'agenda soumises à permission : qui voit quel rendez-vous, et ce qu'il en voit.

Un rendez-vous se voit par son parcours (``accompagnement.selectors.parcours_visibles`` : les deux membres du
binôme, leurs encadrants…). L'objet d'un rendez-vous du seul côté social suit le secret partagé : voir
``objet_visible``.
"""

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accompagnement import machine
from binome.accompagnement import selectors as accompagnement
from binome.agenda.enums import STATUTS_PRESENCE, StatutRendezVous
from binome.agenda.jetons import empreinte_du_jeton
from binome.agenda.models import AbonnementCalendrier, RendezVous
from binome.comptes.models import Habilitation, Role
from binome.comptes.selectors import habilitations
from binome.organisations.models import TypeOrganisation


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


# --- Qui peut agir sur un rendez-vous (poste h1) ---------------------------------------------------------------


def peut_planifier(acteur, parcours) -> bool:
    """Planifier un rendez-vous : qui peut écrire sur le parcours, tant qu'il n'est pas clos ni anonymisé."""
    if parcours is None or machine.est_clos(parcours) or parcours.personne.anonymise_le:
        return False
    return accompagnement.peut_modifier(acteur, parcours)


def peut_modifier_rendez_vous(acteur, rendez_vous: RendezVous) -> bool:
    """Modifier ou annuler : un rendez-vous encore planifié et à venir, pour qui peut en planifier."""
    return (
        rendez_vous.statut == StatutRendezVous.PLANIFIE
        and rendez_vous.debut > timezone.now()
        and peut_planifier(acteur, rendez_vous.parcours)
    )


def peut_annuler(acteur, rendez_vous: RendezVous) -> bool:
    return peut_modifier_rendez_vous(acteur, rendez_vous)


def peut_saisir_presence(acteur, rendez_vous: RendezVous) -> bool:
    """Saisir la présence : un rendez-vous planifié déjà commencé, pour qui peut écrire sur le parcours."""
    return (
        rendez_vous.statut == StatutRendezVous.PLANIFIE
        and rendez_vous.debut <= timezone.now()
        and not rendez_vous.parcours.personne.anonymise_le
        and accompagnement.peut_modifier(acteur, rendez_vous.parcours)
    )


def peut_remplacer(acteur, rendez_vous: RendezVous) -> bool:
    """Proposer un nouveau rendez-vous à la place d'un rendez-vous manqué qui n'a pas encore de remplaçant."""
    return (
        rendez_vous.statut == StatutRendezVous.MANQUE
        and peut_planifier(acteur, rendez_vous.parcours)
        and not rendez_vous.remplacants.exists()
    )


# --- Secret partagé : l'objet d'un rendez-vous du seul côté social ---------------------------------------------

OBJET_NEUTRE = _("Rendez-vous avec le référent social")


def _professionnels_france_travail(ids) -> set[int]:
    """Parmi ces utilisateurs, ceux du côté France Travail (une habilitation active dans une agence)."""
    return set(
        Habilitation.objects.filter(
            utilisateur_id__in=set(ids), active=True, organisation__type=TypeOrganisation.AGENCE_FT
        ).values_list("utilisateur_id", flat=True)
    )


def cote_social_seulement(rendez_vous: RendezVous, *, france_travail: set[int] | None = None) -> bool:
    """Vrai si aucun professionnel du côté France Travail n'est attendu (ni le conseiller du parcours, ni un agent
    d'agence) : l'objet relève alors du secret partagé. ``france_travail`` : résultat déjà calculé pour une liste."""
    ids = {p.pk for p in rendez_vous.professionnels.all()}
    if rendez_vous.parcours.conseiller_id in ids:
        return False
    if france_travail is None:
        france_travail = _professionnels_france_travail(ids)
    return not (ids & france_travail)


def voit_objet(
    acteur, rendez_vous: RendezVous, *, france_travail: set[int] | None = None, detail_social: bool | None = None
) -> bool:
    """L'objet d'un rendez-vous du seul côté social n'est lu que par le côté social (``voit_detail_social``)
    et par les professionnels attendus ; tout autre objet, par qui voit le rendez-vous."""
    if not cote_social_seulement(rendez_vous, france_travail=france_travail):
        return True
    if acteur is not None and any(p.pk == acteur.pk for p in rendez_vous.professionnels.all()):
        return True
    if detail_social is None:
        detail_social = accompagnement.voit_detail_social(acteur, rendez_vous.parcours)
    return detail_social


def objet_visible(
    acteur, rendez_vous: RendezVous, *, france_travail: set[int] | None = None, detail_social: bool | None = None
) -> str:
    """L'objet tel que l'acteur peut le lire, sinon le libellé neutre « Rendez-vous avec le référent social »."""
    if voit_objet(acteur, rendez_vous, france_travail=france_travail, detail_social=detail_social):
        return rendez_vous.objet
    return str(OBJET_NEUTRE)


def objets_lisibles(acteur, rendez_vous: list[RendezVous]) -> dict[int, str]:
    """L'objet lisible de chaque rendez-vous d'une liste (API) : ``{pk: objet}``, secret partagé compris.

    Une requête pour les professionnels France Travail de toute la liste ; ``voit_detail_social`` une fois par
    parcours d'un rendez-vous du seul côté social (les professionnels sont déjà chargés)."""
    france_travail = _professionnels_france_travail(p.pk for r in rendez_vous for p in r.professionnels.all())
    detail_par_parcours: dict[int, bool] = {}
    objets = {}
    for rdv in rendez_vous:
        detail = None
        if cote_social_seulement(rdv, france_travail=france_travail):
            if rdv.parcours_id not in detail_par_parcours:
                detail_par_parcours[rdv.parcours_id] = accompagnement.voit_detail_social(acteur, rdv.parcours)
            detail = detail_par_parcours[rdv.parcours_id]
        objets[rdv.pk] = objet_visible(acteur, rdv, france_travail=france_travail, detail_social=detail)
    return objets


def rendez_vous_de_la_fiche(acteur, parcours, *, limite: int = 10) -> dict:
    """Les rendez-vous du parcours pour sa fiche : ``{"a_venir": [...], "passes": [...], "peut_planifier": bool}``.

    Chaque rendez-vous porte ``objet_lisible`` (secret partagé), ``modifiable`` et ``presence_a_saisir``.
    Nombre de requêtes fixe, quel que soit le nombre de rendez-vous.
    """
    maintenant = timezone.now()
    base = rendez_vous_du_parcours(parcours).select_related("contact")
    a_venir = list(base.filter(debut__gt=maintenant).order_by("debut", "pk")[:limite])
    passes = list(base.filter(debut__lte=maintenant)[:limite])
    ecrit = accompagnement.peut_modifier(acteur, parcours)
    planifiable = ecrit and not machine.est_clos(parcours) and not parcours.personne.anonymise_le
    detail_social = accompagnement.voit_detail_social(acteur, parcours)
    tous = a_venir + passes
    france_travail = _professionnels_france_travail(p.pk for r in tous for p in r.professionnels.all())
    for rdv in tous:
        rdv.parcours = parcours
        rdv.objet_lisible = objet_visible(acteur, rdv, france_travail=france_travail, detail_social=detail_social)
        planifie = rdv.statut == StatutRendezVous.PLANIFIE
        rdv.modifiable = planifiable and planifie and rdv.debut > maintenant
        rdv.presence_a_saisir = ecrit and planifie and rdv.debut <= maintenant and not parcours.personne.anonymise_le
    return {"a_venir": a_venir, "passes": passes, "peut_planifier": planifiable}


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
