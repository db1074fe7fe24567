"""Démonstration de l'accompagnement : copie figée d'un plan signé, construite sans lire la base."""

import datetime
from collections import defaultdict

from binome.accompagnement import contenu_plan
from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Parcours,
    PlanAction,
)
from binome.demo.accompagnement.outils import _libelle


def _element_fige(element) -> dict:
    """Un objectif ou une action dans la copie figée (mêmes clés que ``contenu_plan._element``)."""
    return {
        "libelle": element.libelle,
        "theme": element.element_referentiel.theme_libelle if element.element_referentiel_id else "",
        "cote": element.cote,
        "cote_libelle": _libelle(e.CotePlan, element.cote),
        "porteur": element.porteur,
        "porteur_libelle": _libelle(e.Porteur, element.porteur),
        "porteur_precision": element.porteur_precision,
        "echeance": element.echeance.isoformat() if element.echeance else None,
        "statut": element.statut,
        "statut_libelle": _libelle(e.StatutAction, element.statut),
    }


def _nom(utilisateur) -> str:
    return (utilisateur.get_full_name() or utilisateur.email) if utilisateur else ""


def _copie_figee(plan: PlanAction, parcours: Parcours, objectifs: list, actions: list, signataire) -> dict:
    """Même contenu que ``contenu_plan.contenu_du_plan`` (format ``contenu_plan.FORMAT``), construit sans lire
    la base."""
    par_objectif = defaultdict(list)
    for action in sorted(actions, key=lambda a: a.echeance or datetime.date.max):
        cle = id(action.objectif) if action.objectif else None
        par_objectif[cle].append({**_element_fige(action), "service_ressource_id": action.service_ressource_id or ""})
    return {
        "format": contenu_plan.FORMAT,
        "version": plan.version,
        "signe_le": plan.signe_le.isoformat(),
        "enregistre_par": _nom(signataire),
        "personne": str(parcours.personne),
        "conseiller": _nom(parcours.conseiller),
        "organisation_conseiller": str(parcours.organisation_conseiller or ""),
        "referent_social": _nom(parcours.referent_social),
        "organisation_referent": str(parcours.organisation_referent or ""),
        "heures_hebdomadaires": plan.heures_hebdomadaires,
        "motif_reduction_heures": plan.motif_reduction_heures,
        "objectifs": [{**_element_fige(o), "actions": par_objectif.get(id(o), [])} for o in objectifs],
        "actions_sans_objectif": par_objectif.get(None, []),
    }
