"""Équipe : l'encadrant réaffecte un parcours de son organisation à un autre agent."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement import selectors
from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import Parcours
from binome.accompagnement.services.evenements import evenement_enregistrer

_LIBELLES = {
    "conseiller": gettext_lazy("Conseiller France Travail"),
    "referent_social": gettext_lazy("Référent social"),
}


def _nom(utilisateur) -> str:
    return (utilisateur.get_full_name() or utilisateur.email) if utilisateur else _("personne")


@transaction.atomic(durable=True)
def parcours_reassigner(*, acteur, parcours: Parcours, conseiller=None, referent_social=None) -> Parcours:
    """Confie le parcours à un autre conseiller (agence encadrée) et/ou un autre référent social (unité
    encadrée). L'agent doit avoir une habilitation active du rôle voulu dans l'organisation du parcours :
    l'organisation, donc le périmètre d'accès, ne change pas. ``None`` = ce membre ne change pas."""
    possibles = selectors.reaffectations_possibles(acteur, parcours)
    if not possibles:
        raise PermissionDenied(_("Vous n'encadrez pas l'équipe qui suit ce parcours."))
    demandes = {
        champ: agent for champ, agent in (("conseiller", conseiller), ("referent_social", referent_social)) if agent
    }
    for champ in demandes:
        if champ not in possibles:
            raise PermissionDenied(_("Vous n'encadrez pas l'organisation de ce membre du binôme."))
    if not demandes:
        raise ValidationError(_("Choisissez l'agent à qui confier ce parcours."))
    erreurs = {
        champ: _("Choisissez un agent actif de l'organisation qui suit ce parcours.")
        for champ, agent in demandes.items()
        if not possibles[champ].filter(pk=agent.pk).exists()
    }
    if erreurs:
        raise ValidationError(erreurs)
    parcours = Parcours.objects.select_for_update().select_related("personne").get(pk=parcours.pk)
    changements = []
    for champ, agent in demandes.items():
        ancien = getattr(parcours, champ)
        if ancien is not None and ancien.pk == agent.pk:
            continue
        setattr(parcours, champ, agent)
        changements.append(
            _("%(role)s : %(ancien)s → %(nouveau)s")
            % {"role": _LIBELLES[champ], "ancien": _nom(ancien), "nouveau": _nom(agent)}
        )
    if not changements:
        raise ValidationError(_("Ce parcours est déjà suivi par cet agent : rien n'a changé."))
    parcours.save()
    evenement_enregistrer(
        personne=parcours.personne,
        parcours=parcours,
        type=TypeEvenement.BINOME_MODIFIE,
        libelle=_("Binôme modifié — %(changements)s") % {"changements": " ; ".join(changements)},
        acteur=acteur,
    )
    return parcours


__all__ = ["parcours_reassigner"]
