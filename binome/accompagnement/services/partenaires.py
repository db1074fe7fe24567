"""Partenaires dans un parcours (issue 14, point 4) : inviter, révoquer, confier une action ; écrits du partenaire.

- ``invitation_partenaire_creer`` : un membre du binôme invite un professionnel d'une structure partenaire du
  département, pour un objet, avec l'accord daté de la personne ; échéance par défaut à 6 mois (12 au plus) ; il
  peut lui confier dans le même geste des actions du plan portées par un partenaire ;
- ``invitation_partenaire_revoquer`` : effet immédiat (les sélecteurs ne la comptent plus) ;
- ``action_partenaire_confier`` : désigne le professionnel invité sur une action portée par un partenaire (le
  porteur fait partie du contrat signé, la désignation non : elle se fait aussi sur une version signée) ;
- ``action_partenaire_suivre`` : le partenaire met à jour une action qui lui est confiée : son commentaire à tout
  moment, le statut seulement sur une version brouillon (une version signée ne change plus, comme pour le binôme) ;
- ``contact_partenaire_enregistrer`` : le partenaire ajoute un contact, dont il est participant.

Périmètre et validité : ``binome.accompagnement.selectors.partenaires``. Chronologie : libellés neutres, sans
l'objet ni la structure (la chronologie est lue des deux côtés du binôme).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, selectors
from binome.accompagnement.enums import PresenceContact, StatutAction, TypeContact, TypeEvenement
from binome.accompagnement.models import (
    LONGUEUR_NOTE_CONTACT,
    LONGUEUR_TEXTE_COURT,
    Action,
    Contact,
    InvitationPartenaire,
    Parcours,
)
from binome.accompagnement.services._commun import date_courte, evenement, exiger_date, texte, verrouiller
from binome.accompagnement.services.contacts import _apres_contact, _erreurs_contact
from binome.accompagnement.services.plan_commun import _toucher_plan, _verrouiller
from binome.core.historique import sauver

RAISON = "Partenaires dans un parcours"


def _exiger_echeance(expire_le: datetime.date | None, accord_le: datetime.date) -> datetime.date:
    aujourdhui = timezone.localdate()
    if expire_le is None:
        return calculs.ajouter_mois(aujourdhui, selectors.DUREE_INVITATION_MOIS)
    maximum = calculs.ajouter_mois(aujourdhui, selectors.DUREE_INVITATION_MAX_MOIS)
    if expire_le < aujourdhui or expire_le < accord_le:
        raise ValidationError({"expire_le": _("L'échéance ne peut pas être passée.")})
    if expire_le > maximum:
        raise ValidationError(
            {
                "expire_le": _(
                    "Une invitation dure %(n)s mois au plus (jusqu'au %(date)s) : elle se renouvelle ensuite."
                )
                % {"n": selectors.DUREE_INVITATION_MAX_MOIS, "date": date_courte(maximum)}
            }
        )
    return expire_le


def _exiger_professionnel(parcours: Parcours, organisation, partenaire) -> None:
    if organisation is None or not selectors.structures_invitables(parcours).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Choisissez une structure partenaire du département du parcours.")})
    if (
        partenaire is None
        or not selectors.professionnels_invitables(parcours, organisation).filter(pk=partenaire.pk).exists()
    ):
        raise ValidationError({"partenaire": _("Choisissez un professionnel habilité de cette structure.")})


@transaction.atomic(durable=True)
def invitation_partenaire_creer(
    *,
    acteur,
    parcours: Parcours,
    organisation,
    partenaire,
    objet: str,
    accord_le: datetime.date | None,
    expire_le: datetime.date | None = None,
    actions=(),
) -> InvitationPartenaire:
    """Invite ``partenaire`` (de la structure ``organisation``) dans ``parcours`` ; confie les ``actions`` données."""
    parcours = verrouiller(parcours)
    if not selectors.peut_inviter_partenaire(acteur, parcours):
        raise PermissionDenied(_("Seul un membre du binôme invite un partenaire, tant que le parcours est en cours."))
    _exiger_professionnel(parcours, organisation, partenaire)
    objet = texte(
        objet, "objet", obligatoire=True, longueur=LONGUEUR_TEXTE_COURT, message=_("Indiquez l'objet de l'invitation.")
    )
    exiger_date(accord_le, "accord_le", apres=parcours.date_reperage, libelle_apres=_("le repérage"))
    expire_le = _exiger_echeance(expire_le, accord_le)
    valides = InvitationPartenaire.objects.filter(selectors.q_invitation_valide(), parcours=parcours)
    if valides.filter(partenaire=partenaire).exists():
        raise ValidationError(
            {"partenaire": _("Ce professionnel est déjà invité dans ce parcours : révoquez d'abord son invitation.")}
        )
    invitation = sauver(
        InvitationPartenaire(
            parcours=parcours,
            partenaire=partenaire,
            organisation=organisation,
            objet=objet,
            accord_le=accord_le,
            expire_le=expire_le,
            invitee_par=acteur,
        ),
        acteur=acteur,
        raison=RAISON,
    )
    for action in actions:
        _confier(acteur=acteur, invitation=invitation, action=action)
    evenement(
        parcours,
        acteur,
        TypeEvenement.PARTENAIRE_INVITE,
        _("Un partenaire est invité dans le parcours, avec l'accord de la personne, jusqu'au %(date)s")
        % {"date": date_courte(expire_le)},
    )
    return invitation


@transaction.atomic(durable=True)
def invitation_partenaire_revoquer(*, acteur, invitation: InvitationPartenaire, motif: str = ""):
    """Révoque l'invitation (demande de la personne, fin du besoin) : le partenaire perd l'accès aussitôt."""
    invitation = InvitationPartenaire.objects.select_for_update().select_related("parcours").get(pk=invitation.pk)
    if not selectors.peut_revoquer_invitation(acteur, invitation.parcours):
        raise PermissionDenied(_("Seul un membre du binôme révoque l'invitation d'un partenaire."))
    if invitation.revoquee_le is not None:
        raise ValidationError(_("Cette invitation est déjà révoquée."))
    invitation.motif_revocation = texte(motif, "motif_revocation", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT)
    invitation.revoquee_le = timezone.now()
    invitation.revoquee_par = acteur
    sauver(invitation, acteur=acteur, raison=RAISON)
    evenement(invitation.parcours, acteur, TypeEvenement.PARTENAIRE_REVOQUE, _("Invitation d'un partenaire révoquée"))
    return invitation


def _confier(*, acteur, invitation: InvitationPartenaire, action: Action) -> None:
    if not selectors.actions_a_confier(invitation.parcours).filter(pk=action.pk).exists():
        raise ValidationError(
            {"actions": _("Seule une action de la version courante du plan, portée par un partenaire, se confie.")}
        )
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.partenaire = invitation.partenaire
    sauver(action, acteur=acteur, raison=RAISON, update_fields=["partenaire", "modifie_le"])


@transaction.atomic(durable=True)
def action_partenaire_confier(*, acteur, invitation: InvitationPartenaire, action: Action) -> None:
    """Confie une action portée par un partenaire au professionnel invité (invitation en cours)."""
    parcours = verrouiller(invitation.parcours)
    if not selectors.peut_inviter_partenaire(acteur, parcours):
        raise PermissionDenied(_("Seul un membre du binôme confie une action à un partenaire."))
    if not InvitationPartenaire.objects.filter(selectors.q_invitation_valide(), pk=invitation.pk).exists():
        raise ValidationError(_("Cette invitation ne vaut plus : invitez de nouveau le partenaire."))
    _confier(acteur=acteur, invitation=invitation, action=action)


def _invitation_du_partenaire(acteur, parcours_pk) -> InvitationPartenaire:
    """L'invitation qui vaut pour l'acteur sur ce parcours ; ``PermissionDenied`` sinon (expirée, révoquée…)."""
    invitation = selectors.invitations_valides(acteur).filter(parcours_id=parcours_pk).order_by("-expire_le").first()
    if invitation is None:
        raise PermissionDenied(_("Ce parcours ne vous est pas (ou plus) partagé."))
    return invitation


@transaction.atomic(durable=True)
def action_partenaire_suivre(*, acteur, parcours_pk, action_pk, revision, statut: str, commentaire: str = ""):
    """Le partenaire met à jour une action qui lui est confiée (statut sur un brouillon, commentaire toujours)."""
    invitation = _invitation_du_partenaire(acteur, parcours_pk)
    action = selectors.actions_confiees(invitation).filter(pk=action_pk).first()
    if action is None:
        raise PermissionDenied(_("Cette action ne vous est pas confiée."))
    if statut not in StatutAction.values:
        raise ValidationError({"statut": _("Statut inconnu.")})
    commentaire = texte(commentaire, "commentaire", obligatoire=False, longueur=LONGUEUR_NOTE_CONTACT)
    change_statut = statut != action.statut
    if change_statut and action.plan.est_signe:
        raise ValidationError(
            {
                "statut": _(
                    "Cette version du plan est signée : son statut ne change plus. Écrivez où en est l'action dans "
                    "le commentaire ; le binôme le reprendra dans la prochaine version."
                )
            }
        )
    if change_statut:
        _toucher_plan(action.plan, acteur)
    _verrouiller(
        action, revision, acteur, _("Cette action a été modifiée par %(nom)s entre-temps : rechargez la page.")
    )
    action.statut = statut
    action.commentaire_partenaire = commentaire
    sauver(action, acteur=acteur, raison=RAISON)
    if change_statut:
        evenement(
            action.plan.parcours,
            acteur,
            TypeEvenement.PLAN_MODIFIE,
            _("Action confiée à un partenaire : %(statut)s") % {"statut": action.get_statut_display().lower()},
        )
    return action


@transaction.atomic(durable=True)
def contact_partenaire_enregistrer(
    *,
    acteur,
    parcours_pk,
    date: datetime.date | None,
    canal: str,
    type: str = TypeContact.INDIVIDUEL,
    presence: str = PresenceContact.HONORE,
    autres_participants: str = "",
    prochaine_date: datetime.date | None = None,
    note: str = "",
) -> Contact:
    """Le partenaire ajoute un contact au parcours partagé ; il en est participant (il le voit ensuite)."""
    invitation = _invitation_du_partenaire(acteur, parcours_pk)
    parcours = invitation.parcours
    note = (note or "").strip()
    autres_participants = (autres_participants or "").strip()
    aujourdhui = timezone.localdate()
    erreurs = _erreurs_contact(
        parcours=parcours,
        date=date,
        canal=canal,
        type=type,
        presence=presence,
        autres_participants=autres_participants,
        prochaine_date=prochaine_date,
        note=note,
        aujourdhui=aujourdhui,
    )
    if erreurs:
        raise ValidationError(erreurs)
    contact = sauver(
        Contact(
            parcours=parcours,
            date=date,
            canal=canal,
            type=type,
            presence=presence,
            autres_participants=autres_participants,
            prochaine_date=prochaine_date,
            note=note,
            auteur=acteur,
        ),
        acteur=acteur,
        raison=RAISON,
    )
    contact.participants.set([acteur])
    _apres_contact(acteur=acteur, parcours=parcours, contact=contact, aujourdhui=aujourdhui)
    return contact


__all__ = [
    "action_partenaire_confier",
    "action_partenaire_suivre",
    "contact_partenaire_enregistrer",
    "invitation_partenaire_creer",
    "invitation_partenaire_revoquer",
]
