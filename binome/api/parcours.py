"""Routes de lecture des parcours, des orientations et des sorties (suivis à six mois compris).

La fiche d'un parcours dit ce que **ce compte** peut en faire maintenant (``actions_possibles``) : les transitions
de la machine à états (``machine.permet`` : état et garde) dont il remplit les prédicats de droit déclarés
(``Transition.qui``, vérifiés par les sélecteurs comme le font les services). Les transitions elles-mêmes :
``binome/api/transitions.py``.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from binome.accompagnement import machine, selectors
from binome.accompagnement.enums import EtatParcours
from binome.accompagnement.selectors import api_v1
from binome.api.contrat import reponses
from binome.api.pagination import ParametresPage, paginer
from binome.api.perimetre import AUTHENTIFICATIONS_DOSSIER
from binome.api.schemas import (
    MembresPossibles,
    OrientationSortie,
    PageOrientations,
    PageParcours,
    PageSorties,
    ParcoursFiche,
    SortieParcours,
)
from binome.api.versions import etag

routeur = Router(tags=["Parcours"], auth=AUTHENTIFICATIONS_DOSSIER)
routeur_orientations = Router(tags=["Orientations"], auth=AUTHENTIFICATIONS_DOSSIER)
routeur_sorties = Router(tags=["Sorties et suivis à six mois"], auth=AUTHENTIFICATIONS_DOSSIER)

# Action de l'API (``POST /parcours/{id}/<action>``) → transitions de la machine qu'elle déclenche (l'une ou
# l'autre selon l'état : une reprise après renouvellement, un second diagnostic, une entrée en social exclusif).
TRANSITIONS_API = {
    "orienter": ("orienter",),
    "planifier-diagnostic": ("planifier_diagnostic",),
    "refuser-orientation": ("refuser_orientation",),
    "non-retenu": ("non_retenir",),
    "diagnostiquer": ("diagnostiquer", "rediagnostiquer"),
    "activer": ("activer", "activer_social_exclusif"),
    "suspendre": ("suspendre",),
    "reprendre": ("reprendre", "reprendre_renouvele"),
    "renouveler": ("renouveler",),
    "basculer-social-exclusif": ("basculer_social_exclusif",),
    "demander-coordination": ("demander_coordination",),
    "retour-diagnostic": ("retour_diagnostic",),
    "sortir": ("sortir",),
    "suivi-six-mois": ("suivi_six_mois",),
}


def _compte(utilisateur) -> dict:
    return {"id": utilisateur.pk, "nom": utilisateur.get_full_name(), "courriel": utilisateur.email}


def _organisation(organisation) -> dict | None:
    return {"id": organisation.pk, "nom": organisation.nom} if organisation is not None else None


def membre(utilisateur, organisation) -> dict | None:
    if utilisateur is None:
        return None
    return {"compte": _compte(utilisateur), "organisation": _organisation(organisation)}


_CHAMPS_RESUME = (
    "etat",
    "modalite",
    "modalite_entree",
    "date_reperage",
    "date_orientation",
    "date_entree",
    "date_fin_prevue",
    "renouvele_le",
    "jours_suspendus",
    "non_retenu_le",
    "motif_non_retenu",
    "date_sortie",
    "motif_sortie",
    "cree_le",
    "modifie_le",
)
_CHAMPS_FICHE = (
    "accord_renouvellement_conseiller_le",
    "accord_renouvellement_referent_le",
    "accord_renouvellement_personne_le",
    "retour_diagnostic_accorde_le",
)


def resume(parcours) -> dict:
    donnees = {champ: getattr(parcours, champ) for champ in _CHAMPS_RESUME}
    donnees.update(
        id=parcours.pk,
        personne_id=parcours.personne_id,
        departement=parcours.departement_id,
        conseiller=membre(parcours.conseiller, parcours.organisation_conseiller),
        referent_social=membre(parcours.referent_social, parcours.organisation_referent),
    )
    return donnees


def actions_possibles(acteur, parcours, orientation) -> list[str]:
    """Les actions de l'API que ce compte peut déclencher maintenant sur ce parcours."""
    objets = {"peut_proposer_orientation": parcours.personne, "peut_traiter_orientation": orientation}
    verdicts: dict[str, bool] = {}

    def remplit(predicat: str) -> bool:
        if predicat not in verdicts:
            objet = objets.get(predicat, parcours)
            verdicts[predicat] = objet is not None and bool(getattr(selectors, predicat)(acteur, objet))
        return verdicts[predicat]

    actions = []
    for action, noms in TRANSITIONS_API.items():
        for nom in noms:
            if machine.permet(parcours, nom) and all(remplit(p) for p in machine.transition(nom).qui):
                actions.append(action)
                break
    return actions


def fiche(acteur, parcours) -> dict:
    """La fiche du parcours pour ce compte (secret partagé : motif des suspensions au seul côté social)."""
    orientation = None
    if parcours.etat == EtatParcours.ORIENTATION_PROPOSEE:
        orientation = api_v1.orientation_a_traiter_du_parcours(acteur, parcours)
    cote_social = selectors.voit_cote_social(acteur, parcours.personne)
    sortie = getattr(parcours, "sortie", None) if machine.est_sorti(parcours) else None
    donnees = resume(parcours)
    donnees.update({champ: getattr(parcours, champ) for champ in _CHAMPS_FICHE})
    donnees.update(
        actions_possibles=actions_possibles(acteur, parcours, orientation),
        orientation_a_traiter=orientation.pk if orientation is not None else None,
        suspensions=[
            {"debut": s.debut, "fin": s.fin, "motif": s.motif if cote_social else None}
            for s in parcours.suspensions.order_by("debut", "pk")
        ],
        coordinations=list(selectors.coordinations_du_parcours(parcours)),
        sortie_id=sortie.pk if sortie is not None else None,
    )
    return donnees


def _exiger_dossiers(acteur) -> None:
    if not selectors.consulte_des_dossiers(acteur):
        raise PermissionDenied(_("Votre rôle ne donne pas accès aux dossiers des personnes."))


@routeur.get(
    "",
    url_name="parcours_liste",
    response=PageParcours,
    openapi_extra=reponses((400, 422)),
    summary="Lister les parcours",
    description=(
        "Les parcours que le compte ouvre, triés par date de modification ; « modifie_depuis » accepté ; "
        "« personne » : les seuls parcours de cette personne."
    ),
)
def lister_parcours(request, parametres: Query[ParametresPage], personne: int | None = None):
    _exiger_dossiers(request.auth)
    qs = selectors.parcours_visibles(request.auth)
    if personne is not None:
        qs = qs.filter(personne_id=personne)
    page = paginer(request, qs, parametres)
    page["resultats"] = [resume(p) for p in page["resultats"]]
    return page


@routeur.get(
    "/{parcours_id}",
    url_name="parcours",
    response=ParcoursFiche,
    openapi_extra=reponses((404, 422)),
    summary="Fiche d'un parcours",
    description="État, dates, binôme, suspensions, coordinations et actions possibles pour ce compte ; ETag.",
)
def fiche_parcours(request, parcours_id: int, response: HttpResponse):
    parcours = selectors.parcours_pour(request.auth, parcours_id)
    response["ETag"] = etag(parcours)
    return fiche(request.auth, parcours)


@routeur.get(
    "/{parcours_id}/membres-possibles",
    url_name="parcours_membres_possibles",
    response=MembresPossibles,
    openapi_extra=reponses((404, 422)),
    summary="Membres possibles du binôme",
    description="Conseillers et travailleurs sociaux du département que l'entrée (``activer``) peut désigner.",
)
def membres_possibles(request, parcours_id: int):
    parcours = selectors.parcours_pour(request.auth, parcours_id)
    return {
        "conseillers": [
            membre(h.utilisateur, h.organisation) for h in selectors.conseillers_possibles(parcours.departement_id)
        ],
        "referents": [
            membre(h.utilisateur, h.organisation) for h in selectors.referents_possibles(parcours.departement_id)
        ],
    }


# --- Orientations ---------------------------------------------------------------------------------------------


def orientation(o) -> dict:
    return {
        "id": o.pk,
        "parcours_id": o.parcours_id,
        "personne_id": o.parcours.personne_id,
        "origine": o.origine,
        "modalite_proposee": o.modalite_proposee,
        "motif": o.motif,
        "date_proposition": o.date_proposition,
        "prescripteur": _compte(o.prescripteur),
        "organisation_prescripteur": _organisation(o.organisation_prescripteur),
        "cote_destinataire": o.cote_destinataire,
        "statut": o.statut,
        "date_diagnostic_planifiee": o.date_diagnostic_planifiee,
        "traitee_le": o.traitee_le,
        "motif_refus": o.motif_refus,
        "modifie_le": o.modifie_le,
    }


@routeur_orientations.get(
    "",
    url_name="orientations",
    response=PageOrientations,
    openapi_extra=reponses((400, 422)),
    summary="Lister les orientations",
    description="Orientations des parcours que le compte ouvre ; « modifie_depuis » accepté.",
)
def lister_orientations(request, parametres: Query[ParametresPage]):
    _exiger_dossiers(request.auth)
    page = paginer(request, api_v1.orientations_visibles(request.auth), parametres)
    page["resultats"] = [orientation(o) for o in page["resultats"]]
    return page


@routeur_orientations.get(
    "/{orientation_id}",
    url_name="orientation",
    response=OrientationSortie,
    openapi_extra=reponses((404, 422)),
    summary="Fiche d'une orientation",
    description="Une orientation d'un parcours que le compte ouvre (404 sinon) ; l'en-tête ETag porte sa version.",
)
def fiche_orientation(request, orientation_id: int, response: HttpResponse):
    o = api_v1.orientation_pour(request.auth, orientation_id)
    response["ETag"] = etag(o)
    return orientation(o)


# --- Sorties et suivis à six mois --------------------------------------------------------------------------------


def sortie(s) -> dict:
    champs = ("date", "motif", "precision", "situation_fse", "suivi_6_mois_echeance", "suivi_6_mois_fait_le")
    return {
        **{champ: getattr(s, champ) for champ in champs},
        "id": s.pk,
        "parcours_id": s.parcours_id,
        "personne_id": s.parcours.personne_id,
        "emploi_6_mois": s.emploi_6_mois,
        "situation_amelioree_6_mois": s.situation_amelioree_6_mois,
        "modifie_le": s.modifie_le,
    }


@routeur_sorties.get(
    "",
    url_name="sorties",
    response=PageSorties,
    openapi_extra=reponses((400, 422)),
    summary="Lister les sorties et les suivis à six mois",
    description="Sorties des parcours que le compte ouvre, avec l'échéance et le résultat du suivi à six mois.",
)
def lister_sorties(request, parametres: Query[ParametresPage]):
    _exiger_dossiers(request.auth)
    page = paginer(request, api_v1.sorties_visibles(request.auth), parametres)
    page["resultats"] = [sortie(s) for s in page["resultats"]]
    return page


@routeur_sorties.get(
    "/{sortie_id}",
    url_name="sortie",
    response=SortieParcours,
    openapi_extra=reponses((404, 422)),
    summary="Fiche d'une sortie (et de son suivi à six mois)",
    description=(
        "La sortie d'un parcours que le compte ouvre (404 sinon), avec l'échéance et le résultat du suivi à six "
        "mois ; l'en-tête ETag porte sa version."
    ),
)
def fiche_sortie(request, sortie_id: int, response: HttpResponse):
    s = api_v1.sortie_pour(request.auth, sortie_id)
    response["ETag"] = etag(s)
    return sortie(s)
