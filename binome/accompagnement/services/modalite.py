"""Changements de modalité d'un parcours entré, enregistrés comme des événements datés (``ChangementModalite``).

- ``parcours_basculer_social_exclusif`` : le passage en accompagnement social exclusif est une **décision
  conjointe** des deux membres du binôme, comme le renouvellement (transition ``basculer_social_exclusif``,
  ``ACTIF``/``RENOUVELE`` → ``SOCIAL_EXCLUSIF``, droits ``peut_modifier`` et ``membre_du_binome``). Le premier
  accord ouvre une proposition motivée ; le second la fait entrer en vigueur à sa date.
- ``_changer_modalite`` (privée au paquet, non durable) : écrit le changement daté et la modalité du parcours ;
  appelée aussi par l'entrée quand un retour du social exclusif reprend dans une autre modalité.

La modalité à l'entrée (``Parcours.modalite_entree``) ne change jamais : le pilotage compte les entrées par elle
et les parcours en cours à une date par la modalité en vigueur ce jour-là (``docs/parcours.md``).
Conventions : ``services/_commun.py``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import machine, selectors
from binome.accompagnement.enums import Cote, Modalite
from binome.accompagnement.models import LONGUEUR_TEXTE_COURT, ChangementModalite, Parcours
from binome.accompagnement.services._commun import (
    aujourdhui,
    date_courte,
    evenement,
    exiger_modification,
    texte,
    verrouiller,
)
from binome.core.historique import sauver


def _changer_modalite(
    parcours: Parcours,
    *,
    nouvelle: str,
    date: datetime.date,
    acteur,
    motif: str = "",
    changement: ChangementModalite | None = None,
) -> ChangementModalite | None:
    """Fait entrer en vigueur le changement de modalité à ``date`` (une proposition en attente ou un nouveau
    changement) ; rien si la modalité ne change pas. Le parcours est enregistré par l'appelant."""
    if parcours.modalite == nouvelle:
        return None
    if changement is None:
        changement = ChangementModalite(
            parcours=parcours, ancienne=parcours.modalite, nouvelle=nouvelle, propose_par=acteur, motif=motif
        )
    changement.date = date
    changement.decide_par = acteur
    sauver(changement, acteur=acteur, raison="Changement de modalité")
    parcours.modalite = nouvelle
    parcours.modalite_changee_le = date
    return changement


def _noter_accord(proposition: ChangementModalite, cote: str) -> str:
    """Date l'accord du côté ``cote`` ; renvoie le libellé de chronologie."""
    champ = "accord_conseiller_le" if cote == Cote.FRANCE_TRAVAIL else "accord_referent_le"
    deja = getattr(proposition, champ)
    if deja:
        raise ValidationError(
            _("Vous avez déjà donné votre accord le %(date)s ; celui de l'autre membre du binôme est attendu.")
            % {"date": date_courte(deja)},
            code="accord_deja_donne",
        )
    setattr(proposition, champ, aujourdhui())
    if cote == Cote.FRANCE_TRAVAIL:
        return _("Accord du conseiller France Travail pour le passage en accompagnement social exclusif")
    return _("Accord du référent social pour le passage en accompagnement social exclusif")


@transaction.atomic(durable=True)
def parcours_basculer_social_exclusif(*, acteur, parcours: Parcours, motif: str = "") -> Parcours:
    """Donne l'accord de l'acteur (membre du binôme) au passage en accompagnement social exclusif : les freins
    sociaux empêchent toute recherche d'emploi, le Département prend la main (le binôme reste désigné).

    Le premier accord exige le motif et ouvre la proposition ; au second, le parcours passe à ``SOCIAL_EXCLUSIF``
    et le changement de modalité entre en vigueur à cette date.
    """
    exiger_modification(acteur, parcours)
    parcours = verrouiller(parcours)
    transition = machine.exiger(parcours, "basculer_social_exclusif")
    cote = selectors.membre_du_binome(acteur, parcours)
    if cote is None:
        raise PermissionDenied(
            _("Seuls les deux membres du binôme donnent leur accord au passage en accompagnement social exclusif.")
        )
    proposition = ChangementModalite.objects.select_for_update().filter(parcours=parcours, date__isnull=True).first()
    motif = texte(
        motif,
        "motif",
        obligatoire=proposition is None,
        longueur=LONGUEUR_TEXTE_COURT,
        message=_("Indiquez le motif du passage en accompagnement social exclusif."),
    )
    if proposition is None:
        proposition = ChangementModalite(
            parcours=parcours,
            ancienne=parcours.modalite,
            nouvelle=Modalite.SOCIAL_EXCLUSIF,
            motif=motif,
            propose_par=acteur,
        )
    libelle = _noter_accord(proposition, cote)
    evenement(parcours, acteur, transition.evenement, libelle)
    if not (proposition.accord_conseiller_le and proposition.accord_referent_le):
        sauver(proposition, acteur=acteur, raison="Proposition de passage en social exclusif")
        return parcours
    machine.appliquer(parcours, "basculer_social_exclusif")
    _changer_modalite(
        parcours, nouvelle=Modalite.SOCIAL_EXCLUSIF, date=aujourdhui(), acteur=acteur, changement=proposition
    )
    sauver(parcours, acteur=acteur, raison="Passage en social exclusif")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Passage en accompagnement social exclusif : %(motif)s") % {"motif": proposition.motif},
    )
    return parcours


__all__ = ["parcours_basculer_social_exclusif"]
