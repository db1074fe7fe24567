"""Renouvellement (décision conjointe des deux membres du binôme), une seule fois par parcours.

Transition : ``renouveler`` (``ACTIF`` → ``RENOUVELE``, gardes « pas déjà renouvelé » et « dans la fenêtre
avant la fin prévue », droits ``peut_modifier``
et ``membre_du_binome``). Conventions : ``services/_commun.py``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine, selectors
from binome.accompagnement.enums import Cote
from binome.accompagnement.models import LONGUEUR_TEXTE_COURT, Parcours
from binome.accompagnement.services._commun import (
    aujourdhui,
    date_courte,
    durees_departement,
    evenement,
    exiger_droits,
    exiger_modification,
    texte,
    verrouiller,
)
from binome.core.historique import sauver


def _noter_accord(parcours: Parcours, cote: str) -> str:
    """Date l'accord du côté ``cote`` ; renvoie le libellé de chronologie."""
    le = aujourdhui()
    if cote == Cote.FRANCE_TRAVAIL:
        if parcours.accord_renouvellement_conseiller_le:
            raise ValidationError(
                _("Vous avez déjà donné votre accord le %(date)s ; il manque celui du référent social.")
                % {"date": date_courte(parcours.accord_renouvellement_conseiller_le)},
                code="accord_deja_donne",
            )
        parcours.accord_renouvellement_conseiller_le = le
        return _("Accord du conseiller France Travail pour le renouvellement")
    if parcours.accord_renouvellement_referent_le:
        raise ValidationError(
            _("Vous avez déjà donné votre accord le %(date)s ; il manque celui du conseiller France Travail.")
            % {"date": date_courte(parcours.accord_renouvellement_referent_le)},
            code="accord_deja_donne",
        )
    parcours.accord_renouvellement_referent_le = le
    return _("Accord du référent social pour le renouvellement")


@transaction.atomic(durable=True)
def parcours_renouveler(*, acteur, parcours: Parcours, motif: str = "", accord_personne: bool = False) -> Parcours:
    """Donne l'accord de l'acteur (membre du binôme) au renouvellement ; le parcours est renouvelé quand les
    deux membres ont donné le leur.

    Une seule fois par parcours, depuis l'état ``ACTIF``, dans la fenêtre qui précède la fin prévue
    (``ParametresDepartement.fenetre_renouvellement_jours``, garde de la machine). Le motif et l'accord de la
    personne (daté) sont demandés au premier accord. Au second, le parcours passe à ``RENOUVELE`` et sa fin
    prévue est repoussée de ``ParametresDepartement.duree_renouvellement_mois``.
    """
    exiger_modification(acteur, parcours)
    parcours = verrouiller(parcours)
    transition = machine.exiger(parcours, "renouveler")
    exiger_droits(acteur, "renouveler", parcours)
    cote = selectors.membre_du_binome(acteur, parcours)
    premier_accord = (
        parcours.accord_renouvellement_conseiller_le is None and parcours.accord_renouvellement_referent_le is None
    )
    motif = texte(
        motif,
        "motif",
        obligatoire=premier_accord,
        longueur=LONGUEUR_TEXTE_COURT,
        message=_("Indiquez le motif du renouvellement."),
    )
    if parcours.accord_renouvellement_personne_le is None:
        if not accord_personne:
            raise ValidationError({"accord_personne": _("Le renouvellement demande l'accord de la personne.")})
        parcours.accord_renouvellement_personne_le = aujourdhui()
    libelle = _noter_accord(parcours, cote)
    if motif and not parcours.motif_renouvellement:
        parcours.motif_renouvellement = motif
    evenement(parcours, acteur, transition.evenement, libelle)
    if parcours.accord_renouvellement_conseiller_le and parcours.accord_renouvellement_referent_le:
        machine.appliquer(parcours, "renouveler")
        parcours.renouvele_le = aujourdhui()
        _duree, renouvellement_mois = durees_departement(parcours.departement_id)
        parcours.date_fin_prevue = calculs.fin_prevue_renouvelee(parcours.date_fin_prevue, renouvellement_mois)
        sauver(parcours, acteur=acteur, raison="Renouvellement")
        evenement(
            parcours,
            acteur,
            transition.evenement,
            _("Parcours renouvelé jusqu'au %(date)s") % {"date": date_courte(parcours.date_fin_prevue)},
        )
    else:
        sauver(parcours, acteur=acteur, raison="Accord de renouvellement")
    return parcours


__all__ = ["parcours_renouveler"]
