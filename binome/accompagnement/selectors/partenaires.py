"""Partenaires dans un parcours (issue 14, point 4) : la seule définition de ce qu'un partenaire invité voit.

Un membre du binôme invite un professionnel d'une structure partenaire du département (rôle PARTENAIRE) dans UN
parcours, pour un objet, avec l'accord daté de la personne (``InvitationPartenaire``). Tant que l'invitation
**vaut** (ni révoquée, ni expirée : ``expire_le`` inclus ; parcours ni clos ni anonymisé ; le professionnel garde
son habilitation de partenaire dans cette structure et ce département), il voit, pour ce parcours seulement :

- l'identité minimale de la personne (prénom, nom, date de naissance : ``IdentitePartagee``) et le binôme à
  joindre ;
- les actions de la version courante du plan qui lui sont confiées (porteur PARTENAIRE et lui désigné) ;
- les contacts auxquels il participe.

Rien d'autre : ni diagnostic, ni notes, ni autres actions, ni autres contacts, ni la fiche. Les pages du dossier
lui restent refusées (``parcours_visibles`` ne le connaît pas) ; ses pages sont celles de « Mes parcours
partagés » (``accompagnement:parcours_partages``). Ce qu'une orientation vers son service lui transmet reste
décidé par ``binome.ressources.selectors``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.accompagnement.enums import ETATS_CLOS, Porteur
from binome.accompagnement.models import Action, Contact, InvitationPartenaire, Parcours, Personne
from binome.accompagnement.selectors.acces import parcours_de
from binome.accompagnement.selectors.cycle import membre_du_binome
from binome.accompagnement.selectors.plan import plan_courant
from binome.comptes.models import Role, Utilisateur
from binome.comptes.selectors import departements_du_role, organisations_du_role
from binome.organisations.models import Organisation, TypeOrganisation

# Durée d'une invitation sans autre précision, et durée la plus longue qu'on puisse choisir.
DUREE_INVITATION_MOIS = 6
DUREE_INVITATION_MAX_MOIS = 12


def _aujourdhui() -> datetime.date:
    return timezone.localdate()


def q_invitation_valide(jour: datetime.date | None = None) -> Q:
    """Condition sur ``InvitationPartenaire`` : l'invitation vaut le ``jour`` donné (aujourd'hui par défaut)."""
    return Q(
        revoquee_le__isnull=True,
        expire_le__gte=jour or _aujourdhui(),
        parcours__personne__anonymise_le__isnull=True,
    ) & ~Q(parcours__etat__in=ETATS_CLOS)


# --- Côté partenaire ----------------------------------------------------------------------------------------


def recoit_des_parcours_partages(acteur) -> bool:
    """Prédicat de « Mes parcours partagés » : l'acteur est professionnel d'une structure partenaire."""
    return bool(departements_du_role(acteur, Role.PARTENAIRE))


def invitations_valides(acteur) -> QuerySet[InvitationPartenaire]:
    """Invitations qui valent aujourd'hui pour l'acteur, au titre d'une habilitation de partenaire active."""
    organisations = organisations_du_role(acteur, Role.PARTENAIRE)
    if not organisations:
        return InvitationPartenaire.objects.none()
    return (
        InvitationPartenaire.objects.filter(
            q_invitation_valide(),
            partenaire=acteur,
            organisation__in=organisations,
            parcours__departement__in=departements_du_role(acteur, Role.PARTENAIRE),
        )
        .select_related(
            "parcours__personne",
            "parcours__conseiller",
            "parcours__referent_social",
            "parcours__organisation_conseiller",
            "parcours__organisation_referent",
            "organisation",
            "invitee_par",
        )
        .order_by("expire_le", "pk")
    )


def invitation_pour(acteur, parcours_pk) -> InvitationPartenaire:
    """L'invitation qui ouvre le parcours ``parcours_pk`` à l'acteur (la plus durable) ; ``Http404`` sinon."""
    invitation = invitations_valides(acteur).filter(parcours_id=parcours_pk).order_by("-expire_le", "-pk").first()
    if invitation is None:
        raise Http404(_("Ce parcours ne vous est pas partagé."))
    return invitation


def actions_confiees(invitation: InvitationPartenaire) -> QuerySet[Action]:
    """Actions de la version courante du plan confiées au partenaire de l'invitation (porteur PARTENAIRE)."""
    plan = plan_courant(invitation.parcours)
    if plan is None:
        return Action.objects.none()
    return (
        Action.objects.filter(plan=plan, porteur=Porteur.PARTENAIRE, partenaire_id=invitation.partenaire_id)
        .select_related("plan", "element_referentiel", "modifie_par")
        .order_by("echeance", "pk")
    )


def action_confiee_pour(acteur, parcours_pk, action_pk) -> tuple[InvitationPartenaire, Action]:
    """L'invitation et l'action ``action_pk`` si elle est confiée à l'acteur dans ce parcours ; ``Http404`` sinon."""
    invitation = invitation_pour(acteur, parcours_pk)
    return invitation, get_object_or_404(actions_confiees(invitation), pk=action_pk)


def contacts_partages(invitation: InvitationPartenaire) -> QuerySet[Contact]:
    """Contacts du parcours auxquels le partenaire de l'invitation participe, les plus récents d'abord."""
    return (
        Contact.objects.filter(parcours_id=invitation.parcours_id, participants=invitation.partenaire_id)
        .select_related("auteur")
        .prefetch_related("participants")
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class IdentitePartagee:
    """Ce que le partenaire voit de la personne : de quoi la reconnaître, rien de plus."""

    prenom: str
    nom: str
    date_naissance: datetime.date | None

    def __str__(self):
        return f"{self.prenom} {self.nom}".strip()


def identite_partagee(personne: Personne) -> IdentitePartagee:
    return IdentitePartagee(prenom=personne.prenom, nom=personne.nom, date_naissance=personne.date_naissance)


# --- Côté binôme : inviter, voir, révoquer -------------------------------------------------------------------


def peut_inviter_partenaire(acteur, parcours: Parcours) -> bool:
    """Un membre du binôme invite un partenaire tant que le plan se construit ou vit (``modifier_plan``)."""
    return (
        membre_du_binome(acteur, parcours) is not None
        and parcours.personne.anonymise_le is None
        and machine.permet(parcours, "modifier_plan")
    )


def peut_revoquer_invitation(acteur, parcours: Parcours) -> bool:
    """Un membre du binôme révoque une invitation à tout moment (même parcours clos)."""
    return membre_du_binome(acteur, parcours) is not None


def invitations_du_parcours(parcours: Parcours) -> QuerySet[InvitationPartenaire]:
    """Toutes les invitations du parcours (le parcours a déjà été obtenu par ``parcours_pour``)."""
    return (
        InvitationPartenaire.objects.filter(parcours=parcours)
        .select_related("partenaire", "organisation", "invitee_par", "revoquee_par")
        .order_by("-cree_le", "-pk")
    )


def invitation_du_parcours(parcours: Parcours, pk) -> InvitationPartenaire:
    return get_object_or_404(invitations_du_parcours(parcours), pk=pk)


def invitations_en_cours(parcours: Parcours) -> set[int]:
    """Numéros des invitations du parcours qui valent aujourd'hui."""
    return set(invitations_du_parcours(parcours).filter(q_invitation_valide()).values_list("pk", flat=True))


def structure_invitable(parcours: Parcours, pk) -> Organisation | None:
    """La structure ``pk`` si elle est invitable dans ce parcours ; ``None`` sinon (saisie absente ou invalide)."""
    try:
        return structures_invitables(parcours).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def structures_invitables(parcours: Parcours) -> QuerySet[Organisation]:
    """Structures partenaires actives du département du parcours qui ont au moins un professionnel habilité."""
    return (
        Organisation.objects.filter(
            type=TypeOrganisation.PARTENAIRE,
            departement_id=parcours.departement_id,
            active=True,
            habilitations__role=Role.PARTENAIRE,
            habilitations__active=True,
            habilitations__utilisateur__is_active=True,
        )
        .distinct()
        .order_by("nom", "pk")
    )


def professionnels_invitables(parcours: Parcours, organisation: Organisation) -> QuerySet[Utilisateur]:
    """Professionnels habilités (rôle PARTENAIRE, actifs) de cette structure, si elle est du même département."""
    if organisation is None or organisation.departement_id != parcours.departement_id:
        return Utilisateur.objects.none()
    return (
        Utilisateur.objects.filter(
            is_active=True,
            habilitations__organisation=organisation,
            habilitations__role=Role.PARTENAIRE,
            habilitations__active=True,
            habilitations__organisation__active=True,
        )
        .distinct()
        .order_by("nom", "prenom", "pk")
    )


def actions_a_confier(parcours: Parcours) -> QuerySet[Action]:
    """Actions de la version courante du plan portées par un partenaire : celles qu'on peut confier à un invité."""
    plan = plan_courant(parcours)
    if plan is None:
        return Action.objects.none()
    return (
        Action.objects.filter(plan=plan, porteur=Porteur.PARTENAIRE)
        .select_related("element_referentiel", "partenaire")
        .order_by("pk")
    )


def invitations_de_personne(acteur, personne: Personne) -> list[InvitationPartenaire]:
    """Invitations qui valent sur les parcours de la personne visibles de l'acteur (panneau « qui voit quoi »)."""
    return list(
        InvitationPartenaire.objects.filter(q_invitation_valide(), parcours__in=parcours_de(acteur, personne))
        .select_related("partenaire", "organisation")
        .order_by("expire_le", "pk")
    )
