"""Demandes de coordination : boîte de réception et compteur (menu, accueil), comme les orientations.

Une demande arrive au **côté destinataire** du parcours : le membre du binôme de ce côté (conseiller France
Travail ou référent social, avec une habilitation active de ce rôle dans le département) et les encadrants de
son organisation — ceux que ``cote_dans_parcours`` désigne et qui peuvent répondre.
"""

from django.db.models import Q, QuerySet

from binome.accompagnement.enums import Cote, StatutCoordination
from binome.accompagnement.models import DemandeCoordination, Parcours
from binome.accompagnement.selectors.acces import _AUCUN, _ou, _q_dossier_complet_parcours, _sans_habilitation
from binome.comptes.models import Role
from binome.comptes.selectors import departements_du_role, habilitations, organisations_du_role

ROLES_COORDINATION = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT)


def _q_recues(acteur) -> Q:
    """Demandes adressées au côté de l'acteur dans les parcours où il agit pour ce côté."""
    conditions = []
    depts_conseiller = departements_du_role(acteur, Role.CONSEILLER_FT)
    if depts_conseiller:
        conditions.append(
            Q(cote_destinataire=Cote.FRANCE_TRAVAIL, parcours__conseiller=acteur)
            & Q(parcours__departement__in=depts_conseiller)
        )
    depts_social = departements_du_role(acteur, Role.TRAVAILLEUR_SOCIAL)
    if depts_social:
        conditions.append(
            Q(cote_destinataire=Cote.DEPARTEMENT, parcours__referent_social=acteur)
            & Q(parcours__departement__in=depts_social)
        )
    encadrees = organisations_du_role(acteur, Role.ENCADRANT)
    if encadrees:
        conditions.append(Q(cote_destinataire=Cote.FRANCE_TRAVAIL, parcours__organisation_conseiller__in=encadrees))
        conditions.append(Q(cote_destinataire=Cote.DEPARTEMENT, parcours__organisation_referent__in=encadrees))
    return _ou(conditions)


def recoit_des_coordinations(acteur) -> bool:
    """L'acteur a une boîte de réception des demandes de coordination (membre d'un binôme ou encadrant)."""
    return any(h.role in ROLES_COORDINATION for h in habilitations(acteur))


def coordinations_a_traiter(acteur) -> QuerySet[DemandeCoordination]:
    """Boîte de réception : demandes ouvertes adressées au côté de l'acteur (hors les siennes), les plus
    anciennes d'abord."""
    condition = _AUCUN if _sans_habilitation(acteur) else _q_recues(acteur)
    if condition == _AUCUN:
        return DemandeCoordination.objects.none()
    return (
        DemandeCoordination.objects.filter(condition, statut=StatutCoordination.OUVERTE)
        .exclude(auteur=acteur)
        .select_related("parcours", "parcours__personne", "auteur")
        .order_by("demandee_le", "pk")
    )


def compter_coordinations_a_traiter(acteur) -> int:
    """Nombre de demandes de coordination qui attendent la réponse de l'acteur : **une** définition, montrée
    dans le menu et sur l'accueil."""
    if not recoit_des_coordinations(acteur):
        return 0
    return coordinations_a_traiter(acteur).count()


def coordinations_envoyees(acteur) -> QuerySet[DemandeCoordination]:
    """Demandes que l'acteur a faites et qui ne sont pas closes (en attente ou répondues), les plus récentes
    d'abord, sur les parcours où il agit encore."""
    if _sans_habilitation(acteur) or not recoit_des_coordinations(acteur):
        return DemandeCoordination.objects.none()
    return (
        DemandeCoordination.objects.filter(auteur=acteur)
        .exclude(statut=StatutCoordination.CLOSE)
        .filter(_q_envoyees_visibles(acteur))
        .select_related("parcours", "parcours__personne", "repondu_par")
        .order_by("-demandee_le", "-pk")
    )


def _q_envoyees_visibles(acteur) -> Q:
    """L'auteur voit ses demandes tant qu'il agit sur le parcours (même côté, rôle encore actif)."""
    q_parcours = _q_dossier_complet_parcours(acteur)
    if q_parcours == _AUCUN:
        return _AUCUN
    return Q(parcours__in=Parcours.objects.filter(q_parcours).values("pk"))
