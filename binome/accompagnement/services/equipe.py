"""Équipe : l'encadrant réaffecte un ou plusieurs parcours de son organisation ; l'administrateur départemental
réaffecte tous les parcours d'un agent qui part, puis désactive son compte, dans la même action.

Un nouvel agent qui dépasserait le haut de sa fourchette de charge (paramètres du département) n'est accepté
qu'avec une confirmation explicite (``confirmer_surcharge``).

Chaque agent qui reçoit un parcours d'un autre est prévenu une fois, dans son prochain résumé par courriel
(``AvisAffectation``, écrit ici dans la transaction de la réaffectation) : jamais un courriel par parcours."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement import selectors
from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import AvisAffectation, Parcours
from binome.accompagnement.selectors.reaffectation import Groupe, groupes_reaffectation
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.comptes.services import _utilisateur_desactiver
from binome.core.historique import sauver

_LIBELLES = {
    "conseiller": gettext_lazy("Conseiller France Travail"),
    "referent_social": gettext_lazy("Référent social"),
}


def _nom(utilisateur) -> str:
    return (utilisateur.get_full_name() or utilisateur.email) if utilisateur else _("personne")


def _message_surcharge(agent, nombre: int, maximum: int) -> str:
    return _(
        "%(agent)s aurait %(n)s parcours en cours, au-dessus de sa fourchette (%(max)s au plus) : "
        "cochez « Je confirme malgré la charge » pour réaffecter quand même."
    ) % {"agent": _nom(agent), "n": nombre, "max": maximum}


def _verifier_surcharges(affectations: list[tuple[str, Groupe, object]], confirmer_surcharge: bool) -> None:
    """``affectations`` : (clé du champ, groupe, nouvel agent). Ajoute les parcours en cours confiés à chaque
    candidat à sa charge et refuse un dépassement du maximum non confirmé."""
    ajouts: dict[tuple[str, int, int], int] = {}
    for _cle, groupe, agent in affectations:
        cle = (groupe.champ, groupe.organisation_id, agent.pk)
        ajouts[cle] = ajouts.get(cle, 0) + groupe.nb_en_cours
    erreurs = {}
    for cle, groupe, agent in affectations:
        candidat = groupe.candidat(agent.pk)
        total = candidat.nombre + ajouts[(groupe.champ, groupe.organisation_id, agent.pk)]
        if total > candidat.maximum and not confirmer_surcharge:
            erreurs[cle] = _message_surcharge(agent, total, candidat.maximum)
    if erreurs:
        raise ValidationError(erreurs, code="surcharge")


def _aviser(parcours: Parcours, champ: str, agent, acteur) -> None:
    """Note que ``parcours`` est confié à ``agent`` : son prochain résumé le lui dira (sauf s'il se l'est confié)."""
    if acteur is not None and agent.pk == acteur.pk:
        return
    AvisAffectation.objects.create(destinataire=agent, parcours=parcours, role=champ, par=acteur)


def _changer_membre(parcours: Parcours, champ: str, agent, acteur) -> None:
    """Confie un côté du binôme de ``parcours`` à ``agent`` et l'inscrit dans la chronologie."""
    parcours = Parcours.objects.select_for_update(of=("self",)).select_related("personne", champ).get(pk=parcours.pk)
    ancien = getattr(parcours, champ)
    if ancien is not None and ancien.pk == agent.pk:
        return
    setattr(parcours, champ, agent)
    sauver(parcours, acteur=acteur, raison="Binôme modifié")
    _aviser(parcours, champ, agent, acteur)
    changement = _("%(role)s : %(ancien)s → %(nouveau)s") % {
        "role": _LIBELLES[champ],
        "ancien": _nom(ancien),
        "nouveau": _nom(agent),
    }
    evenement_enregistrer(
        personne=parcours.personne,
        parcours=parcours,
        type=TypeEvenement.BINOME_MODIFIE,
        libelle=_("Binôme modifié — %(changements)s") % {"changements": changement},
        acteur=acteur,
    )


@transaction.atomic(durable=True)
def parcours_reaffecter_en_masse(
    *,
    acteur,
    parcours,
    remplacants: dict,
    agent_sortant=None,
    desactiver: bool = False,
    confirmer_surcharge: bool = False,
) -> int:
    """Réaffecte les ``parcours`` (``QuerySet``) groupe par groupe (côté du binôme × organisation, voir
    ``selectors.groupes_reaffectation``) : ``remplacants[groupe.cle]`` est le nouvel agent (absent : ce groupe
    ne change pas). Avec ``agent_sortant`` (départ d'un agent), chaque groupe doit avoir un remplaçant, et
    ``desactiver`` désactive ensuite son compte dans la même transaction. Renvoie le nombre de changements."""
    groupes = groupes_reaffectation(acteur, parcours, agent_sortant=agent_sortant)
    if not groupes:
        raise PermissionDenied(_("Aucun de ces parcours n'est dans une équipe que vous pouvez réaffecter."))
    affectations, erreurs = [], {}
    for groupe in groupes:
        agent = remplacants.get(groupe.cle)
        if agent is None:
            if agent_sortant is not None:
                erreurs[groupe.cle] = _("Choisissez l'agent à qui confier ces parcours.")
            continue
        if groupe.candidat(agent.pk) is None:
            erreurs[groupe.cle] = _("Choisissez un agent actif de l'organisation qui suit ces parcours.")
            continue
        affectations.append((groupe.cle, groupe, agent))
    if erreurs:
        raise ValidationError(erreurs)
    if not affectations and not desactiver:
        raise ValidationError(_("Choisissez au moins un agent à qui confier des parcours."))
    _verifier_surcharges(affectations, confirmer_surcharge)
    for _cle, groupe, agent in affectations:
        for p in groupe.parcours:
            _changer_membre(p, groupe.champ, agent, acteur)
    if desactiver and agent_sortant is not None:
        _utilisateur_desactiver(acteur=acteur, utilisateur=agent_sortant)
    return sum(len(groupe.parcours) for _cle, groupe, _agent in affectations)


@transaction.atomic(durable=True)
def parcours_reassigner(
    *, acteur, parcours: Parcours, conseiller=None, referent_social=None, confirmer_surcharge: bool = False
) -> Parcours:
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
    groupes = {g.champ: g for g in groupes_reaffectation(acteur, Parcours.objects.filter(pk=parcours.pk))}
    _verifier_surcharges(
        [
            (champ, groupes[champ], agent)
            for champ, agent in demandes.items()
            if champ in groupes and getattr(parcours, f"{champ}_id") != agent.pk
        ],
        confirmer_surcharge,
    )
    parcours = Parcours.objects.select_for_update().select_related("personne").get(pk=parcours.pk)
    changements = []
    for champ, agent in demandes.items():
        ancien = getattr(parcours, champ)
        if ancien is not None and ancien.pk == agent.pk:
            continue
        setattr(parcours, champ, agent)
        _aviser(parcours, champ, agent, acteur)
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


__all__ = ["parcours_reaffecter_en_masse", "parcours_reassigner"]
