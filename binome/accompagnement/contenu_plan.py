"""Contenu lisible d'une version du plan d'action : la même structure sert à la copie figée (JSON) écrite
à la signature et à l'affichage ou l'impression d'un brouillon.

Structure (``FORMAT`` = 1) ::

    {"format": 1, "version": 2, "signe_le": "2025-03-03" | None, "lieu_signature": "Aurillac",
     "enregistre_par": "Claire Conseillère",
     "personne": "…", "conseiller": "…", "organisation_conseiller": "…", "referent_social": "…",
     "organisation_referent": "…", "heures_hebdomadaires": 15, "motif_reduction_heures": "",
     "objectifs": [{…élément…, "actions": [{…élément…}]}], "actions_sans_objectif": [{…élément…}]}

    élément : libelle, theme, cote, cote_libelle, porteur, porteur_libelle, porteur_precision,
              echeance (ISO ou None), statut, statut_libelle ; une action a aussi service_ressource_id.

``lieu_signature`` (commune saisie à la signature) est absent des copies figées avant l'issue 13 : lire la clé avec
``.get``. Les libellés (et non les seuls codes) sont recopiés : une version signée se relit telle quelle même si le
référentiel ou les énumérations évoluent.
"""

import datetime
from operator import attrgetter

from binome.accompagnement.models import Action, Objectif, PlanAction

FORMAT = 1


def _nom(utilisateur) -> str:
    if utilisateur is None:
        return ""
    return utilisateur.get_full_name() or utilisateur.email


def _element(element) -> dict:
    return {
        "libelle": element.libelle,
        "theme": element.element_referentiel.theme_libelle if element.element_referentiel_id else "",
        "cote": element.cote,
        "cote_libelle": str(element.get_cote_display()),
        "porteur": element.porteur,
        "porteur_libelle": str(element.get_porteur_display()),
        "porteur_precision": element.porteur_precision,
        "echeance": element.echeance.isoformat() if element.echeance else None,
        "statut": element.statut,
        "statut_libelle": str(element.get_statut_display()),
    }


def _action(action: Action) -> dict:
    return {**_element(action), "service_ressource_id": action.service_ressource_id or ""}


def contenu_du_plan(
    plan: PlanAction, *, signe_le: datetime.date | None = None, enregistre_par=None, lieu_signature: str = ""
) -> dict:
    """Contenu complet de la version (3 requêtes : objectifs, actions, et le parcours s'il n'est pas chargé)."""
    objectifs = list(Objectif.objects.filter(plan=plan).select_related("element_referentiel").order_by("pk"))
    actions = list(Action.objects.filter(plan=plan).select_related("element_referentiel").order_by("echeance", "pk"))
    return composer(
        plan,
        parcours=plan.parcours,
        objectifs=objectifs,
        actions=actions,
        signe_le=signe_le,
        enregistre_par=enregistre_par,
        lieu_signature=lieu_signature,
    )


def composer(
    plan: PlanAction,
    *,
    parcours,
    objectifs: list,
    actions: list,
    signe_le: datetime.date | None = None,
    enregistre_par=None,
    lieu_signature: str = "",
    cle=attrgetter("pk"),
    objectif_de=attrgetter("objectif_id"),
) -> dict:
    """Le contenu à partir d'objets déjà en mémoire (``actions`` dans l'ordre d'affichage). ``cle`` identifie un
    objectif et ``objectif_de`` celui d'une action : par défaut la clé primaire ; la démonstration, qui construit
    le plan avant de l'insérer (sans clé), passe ``id``."""
    par_objectif: dict[object, list[dict]] = {}
    for action in actions:
        par_objectif.setdefault(objectif_de(action), []).append(_action(action))
    date = signe_le or plan.signe_le
    return {
        "format": FORMAT,
        "version": plan.version,
        "signe_le": date.isoformat() if date else None,
        "lieu_signature": lieu_signature,
        "enregistre_par": _nom(enregistre_par),
        "personne": str(parcours.personne),
        "conseiller": _nom(parcours.conseiller),
        "organisation_conseiller": str(parcours.organisation_conseiller or ""),
        "referent_social": _nom(parcours.referent_social),
        "organisation_referent": str(parcours.organisation_referent or ""),
        "heures_hebdomadaires": plan.heures_hebdomadaires,
        "motif_reduction_heures": plan.motif_reduction_heures,
        "objectifs": [{**_element(o), "actions": par_objectif.get(cle(o), [])} for o in objectifs],
        "actions_sans_objectif": par_objectif.get(None, []),
    }


def contenu_lisible(plan: PlanAction) -> dict:
    """La copie figée d'une version signée (jamais recalculée), le contenu courant d'un brouillon."""
    if plan.est_signe and plan.copie_figee:
        return plan.copie_figee
    return contenu_du_plan(plan)
