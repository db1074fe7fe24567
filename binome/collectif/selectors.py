"""Qui voit et gère quoi dans les actions collectives ; places restantes et rangs d'attente.

- Les professionnels du département (conseiller France Travail, travailleur social, référent orientation,
  encadrant, administrateur départemental) voient les actions et les séances de leurs départements.
- Créer, modifier, annuler une action ou une séance et saisir ses présences : les mêmes, sauf l'administrateur
  départemental, qui consulte mais n'écrit pas dans les dossiers (la saisie des présences écrit au journal).
- Inscrire ou désinscrire une personne : qui peut écrire sur son parcours (``accompagnement.selectors``).
- Sur la page d'une séance, les inscrits ne sont nommés qu'à qui ouvre leur parcours ; les autres sont comptés.
- Jamais : le pilote (agrégats du pilotage seulement), le partenaire, le super-administrateur en tant que tel.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.enums import ETATS_EN_COURS
from binome.accompagnement.models import Action, Parcours
from binome.collectif.enums import StatutInscription, StatutSeance
from binome.collectif.models import ActionCollective, Inscription, SeanceCollective
from binome.comptes.models import Role, Utilisateur
from binome.comptes.selectors import departements_du_role
from binome.organisations.models import Organisation
from binome.ressources.models import Structure

ROLES_GESTION = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL, Role.REFERENT_ORIENTATION, Role.ENCADRANT)
ROLES_CONSULTATION = (*ROLES_GESTION, Role.ADMIN_DEPARTEMENTAL)
_ACTIVES = (StatutInscription.INSCRITE, StatutInscription.ATTENTE)


def departements_visibles(acteur) -> set[str]:
    return departements_du_role(acteur, *ROLES_CONSULTATION)


def departements_gestion(acteur) -> set[str]:
    return departements_du_role(acteur, *ROLES_GESTION)


def voit_les_actions_collectives(acteur) -> bool:
    """Prédicat de la liste des actions collectives (et de l'entrée du menu)."""
    return bool(acteur is not None and acteur.is_authenticated and departements_visibles(acteur))


def exiger_acces(acteur) -> None:
    if not voit_les_actions_collectives(acteur):
        raise PermissionDenied(_("Les actions collectives sont réservées aux professionnels du département."))


def peut_creer(acteur) -> bool:
    return bool(departements_gestion(acteur))


def peut_gerer(acteur, action: ActionCollective) -> bool:
    """Modifier l'action, planifier, modifier, annuler ses séances, en saisir les présences."""
    return action.departement_id in departements_gestion(acteur)


# --- Actions et séances --------------------------------------------------------------------------------------


def _q_a_venir() -> Q:
    return Q(statut=StatutSeance.PLANIFIEE, debut__gt=timezone.now())


def actions_visibles(acteur, *, theme: str = "") -> QuerySet[ActionCollective]:
    """Actions des départements de l'acteur, avec le nombre de leurs séances à venir."""
    actions = ActionCollective.objects.filter(departement_id__in=departements_visibles(acteur))
    if theme:
        actions = actions.filter(theme=theme)
    a_venir = Q(seances__statut=StatutSeance.PLANIFIEE, seances__debut__gt=timezone.now())
    return (
        actions.select_related("departement", "organisation", "structure")
        .annotate(nb_seances_a_venir=Count("seances", filter=a_venir))
        .order_by("-proposee", "titre", "pk")
    )


def action_pour(acteur, pk) -> ActionCollective:
    exiger_acces(acteur)
    return get_object_or_404(actions_visibles(acteur), pk=pk)


def _annoter(seances: QuerySet[SeanceCollective]) -> QuerySet[SeanceCollective]:
    return seances.select_related("action").annotate(
        nb_inscrits=Count("inscriptions", filter=Q(inscriptions__statut=StatutInscription.INSCRITE)),
        nb_attente=Count("inscriptions", filter=Q(inscriptions__statut=StatutInscription.ATTENTE)),
    )


def seances_visibles(acteur) -> QuerySet[SeanceCollective]:
    return _annoter(
        SeanceCollective.objects.filter(action__departement_id__in=departements_visibles(acteur))
    ).order_by("debut", "pk")


def seances_a_venir(acteur, *, theme: str = "") -> QuerySet[SeanceCollective]:
    """Séances planifiées à venir des départements de l'acteur, les plus proches d'abord."""
    seances = seances_visibles(acteur).filter(_q_a_venir())
    return seances.filter(action__theme=theme) if theme else seances


def seance_pour(acteur, pk) -> SeanceCollective:
    exiger_acces(acteur)
    return get_object_or_404(seances_visibles(acteur), pk=pk)


def places_restantes(seance: SeanceCollective) -> int:
    """Places libres d'une séance annotée (``nb_inscrits``) : jamais négatif."""
    return max(seance.places - seance.nb_inscrits, 0)


def detail_action(acteur, action: ActionCollective) -> dict:
    """Séances à venir et passées de l'action (annotées : inscrits, attente, places restantes)."""
    seances = list(_annoter(action.seances.all()).order_by("debut", "pk"))
    maintenant = timezone.now()
    for seance in seances:
        seance.restantes = places_restantes(seance)
    return {
        "a_venir": [s for s in seances if s.debut > maintenant],
        "passees": [s for s in reversed(seances) if s.debut <= maintenant],
        "gestion": peut_gerer(acteur, action),
    }


def _ouvertes(acteur, inscriptions: list[Inscription]) -> set[int]:
    """Parcours de ces inscriptions que l'acteur peut ouvrir (une requête)."""
    ids = {i.parcours_id for i in inscriptions}
    if not ids:
        return set()
    return set(accompagnement.parcours_visibles(acteur).filter(pk__in=ids).values_list("pk", flat=True))


def detail_seance(acteur, seance: SeanceCollective) -> dict:
    """Page d'une séance : places, inscrits et liste d'attente (rang), nommés seulement si l'acteur ouvre leur
    parcours ; les autres sont comptés. ``presences`` : la ligne de chaque inscrit pour la saisie."""
    inscriptions = list(
        seance.inscriptions.filter(statut__in=_ACTIVES)
        .select_related("parcours__personne", "inscrite_par", "action_plan")
        .order_by("demande_le", "pk")
    )
    ouvertes = _ouvertes(acteur, inscriptions)
    inscrits = [i for i in inscriptions if i.statut == StatutInscription.INSCRITE]
    attente = [i for i in inscriptions if i.statut == StatutInscription.ATTENTE]
    for rang, inscription in enumerate(attente, start=1):
        inscription.rang = rang
    for inscription in inscriptions:
        inscription.nommee = inscription.parcours_id in ouvertes
    gestion = peut_gerer(acteur, seance.action)
    a_venir = seance.statut == StatutSeance.PLANIFIEE and seance.debut > timezone.now()
    return {
        "places": seance.places,
        "places_restantes": max(seance.places - len(inscrits), 0),
        "inscrits": [i for i in inscrits if i.nommee],
        "inscrits_masques": sum(1 for i in inscrits if not i.nommee),
        "attente": [i for i in attente if i.nommee],
        "attente_masquee": sum(1 for i in attente if not i.nommee),
        "tous_inscrits": inscrits,
        "animateurs": list(seance.animateurs.order_by("nom", "prenom", "pk")),
        "modifiable": gestion and a_venir,
        "presences_a_saisir": gestion and seance.statut == StatutSeance.PLANIFIEE and not a_venir,
        "peut_inscrire": a_venir and bool(departements_gestion(acteur)),
        "presences": list(
            seance.inscriptions.filter(statut=StatutInscription.INSCRITE)
            .exclude(presence="")
            .filter(parcours_id__in=ouvertes)
            .select_related("parcours__personne")
            .order_by("parcours__personne__nom_normalise", "pk")
        )
        if seance.statut == StatutSeance.TENUE
        else [],
    }


# --- Inscriptions --------------------------------------------------------------------------------------------


def peut_inscrire(acteur, parcours: Parcours, *, en_cours: bool = True) -> bool:
    """Inscrire (ou désinscrire, ``en_cours=False``) la personne d'un parcours : qui peut écrire sur ce parcours,
    en cours, d'un dossier non anonymisé."""
    if parcours is None or parcours.personne.anonymise_le:
        return False
    if en_cours and not machine.est_en_cours(parcours):
        return False
    return accompagnement.peut_modifier(acteur, parcours)


def parcours_inscriptibles(acteur, departement_code: str) -> QuerySet[Parcours]:
    """Parcours en cours du département que l'acteur peut ouvrir et où il peut écrire (choix de la personne)."""
    if departement_code not in departements_gestion(acteur):
        return Parcours.objects.none()
    return (
        accompagnement.parcours_visibles(acteur)
        .filter(departement_id=departement_code, etat__in=ETATS_EN_COURS, personne__anonymise_le__isnull=True)
        .order_by("personne__nom_normalise", "personne__prenom_normalise", "pk")
    )


def seances_inscriptibles(acteur, parcours: Parcours) -> QuerySet[SeanceCollective]:
    """Séances à venir du département du parcours où la personne n'est ni inscrite ni en attente."""
    if not peut_inscrire(acteur, parcours):
        return SeanceCollective.objects.none()
    deja = Inscription.objects.filter(parcours=parcours, statut__in=_ACTIVES).values("seance_id")
    return (
        _annoter(SeanceCollective.objects.filter(_q_a_venir(), action__departement_id=parcours.departement_id))
        .exclude(pk__in=deja)
        .order_by("debut", "pk")
    )


def actions_du_plan(parcours: Parcours) -> QuerySet[Action]:
    """Actions du plan courant du parcours, auxquelles une inscription peut répondre."""
    plan = accompagnement.plan_courant(parcours)
    if plan is None:
        return Action.objects.none()
    return accompagnement.actions_du_plan(plan)


def inscriptions_du_parcours(parcours: Parcours) -> QuerySet[Inscription]:
    """Inscriptions du parcours (déjà obtenu par ``parcours_pour``), pour l'API."""
    return parcours.inscriptions_collectives.order_by("-seance__debut", "-pk")


def inscription_pour(acteur, pk) -> Inscription:
    """L'inscription ``pk`` si l'acteur ouvre le parcours de la personne ; ``Http404`` sinon."""
    visibles = Inscription.objects.filter(parcours__in=accompagnement.parcours_visibles(acteur).values("pk"))
    return get_object_or_404(visibles.select_related("seance__action", "parcours__personne"), pk=pk)


def inscriptions_de_la_fiche(acteur, parcours: Parcours) -> dict:
    """Section « Actions collectives » de la fiche : les inscriptions du parcours (rang d'attente compris)."""
    inscriptions = list(
        parcours.inscriptions_collectives.select_related("seance__action", "action_plan").order_by(
            "-seance__debut", "-pk"
        )
    )
    attentes = [i for i in inscriptions if i.statut == StatutInscription.ATTENTE]
    if attentes:
        rangs = {}
        for seance_id, pk in (
            Inscription.objects.filter(seance_id__in={i.seance_id for i in attentes}, statut=StatutInscription.ATTENTE)
            .order_by("seance_id", "demande_le", "pk")
            .values_list("seance_id", "pk")
        ):
            rangs.setdefault(seance_id, []).append(pk)
        for inscription in attentes:
            inscription.rang = rangs[inscription.seance_id].index(inscription.pk) + 1
    maintenant = timezone.now()
    for inscription in inscriptions:
        inscription.desinscriptible = (
            inscription.statut in _ACTIVES
            and inscription.seance.statut == StatutSeance.PLANIFIEE
            and inscription.seance.debut > maintenant
        )
    return {"inscriptions": inscriptions, "peut_inscrire": peut_inscrire(acteur, parcours)}


# --- Choix des formulaires -----------------------------------------------------------------------------------


def animateurs_possibles(departement_code: str) -> QuerySet[Utilisateur]:
    """Professionnels actifs du département qui peuvent animer une séance."""
    return (
        Utilisateur.objects.filter(
            is_active=True,
            habilitations__active=True,
            habilitations__role__in=ROLES_GESTION,
            habilitations__organisation__departement_id=departement_code,
        )
        .distinct()
        .order_by("nom", "prenom", "pk")
    )


def organisations_possibles(departement_code: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(departement_id=departement_code, active=True).order_by("nom", "pk")


def structures_possibles(departement_code: str) -> QuerySet[Structure]:
    """Structures de l'annuaire situées dans le département (code INSEE de leur commune)."""
    return Structure.objects.filter(code_insee__startswith=departement_code).order_by("nom", "pk")
