"""Routes du diagnostic et du plan d'action d'un parcours.

Lecture du dernier diagnostic (freins par domaine ; le détail social des freins suit le secret partagé, champ par
champ) ; lecture du plan en vigueur (dernière version) et écriture de son contenu par les services du plan.
Verrou optimiste : chaque objectif et chaque action porte sa ``revision`` (ETag), exigée dans ``If-Match`` pour
le modifier ou le retirer ; le plan renvoie la sienne en ETag (elle change à chaque écriture de son contenu).
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from binome.accompagnement import secret_partage, selectors
from binome.accompagnement import services as services_accompagnement
from binome.accompagnement.enums import TypeElementReferentiel
from binome.api.contrat import (
    CREATION,
    LECTURE,
    MODIFICATION,
    conflit_en_412,
    etag_revision,
    journal_api,
    reponses,
    revision_exigee,
)
from binome.api.idempotence import idempotent
from binome.api.perimetre import AUTHENTIFICATIONS_DOSSIER
from binome.api.problemes import Probleme
from binome.api.schemas_contenu import (
    ActionEntree,
    ActionSortie,
    DiagnosticSortie,
    ElementPlanEntree,
    ElementPlanSortie,
    PlanSortie,
    StatutEntree,
)
from binome.confiance.models import Action as ActionJournal

routeur = Router(tags=["Diagnostic et plan d'action"], auth=AUTHENTIFICATIONS_DOSSIER)

_LECTURE_PLAN = "Consultation du plan d'action (API)"
_SAISIE_PLAN = "Mise à jour du plan d'action (API)"

# --- Sérialisation ------------------------------------------------------------------------------------------


def _element(element) -> dict:
    return {
        "id": element.pk,
        "libelle": element.libelle,
        "element_referentiel": element.element_referentiel_id,
        "libelle_libre": element.libelle_libre,
        "cote": element.cote,
        "porteur": element.porteur,
        "porteur_precision": element.porteur_precision,
        "echeance": element.echeance,
        "statut": element.statut,
        "revision": element.revision,
        "modifie_le": element.modifie_le,
    }


def _action(action) -> dict:
    return {**_element(action), "objectif": action.objectif_id, "service_ressource_id": action.service_ressource_id}


def _plan(plan) -> dict:
    return {
        "id": plan.pk,
        "parcours": plan.parcours_id,
        "version": plan.version,
        "signe": plan.est_signe,
        "signe_le": plan.signe_le,
        "heures_hebdomadaires": plan.heures_hebdomadaires,
        "revision": plan.revision,
        "objectifs": [_element(o) for o in selectors.objectifs_du_plan(plan)],
        "actions": [_action(a) for a in selectors.actions_du_plan(plan)],
        "modifie_le": plan.modifie_le,
    }


def _diagnostic(diagnostic, *, cote_social: bool) -> dict:
    freins = []
    for frein in diagnostic.freins.all():
        masque = {
            c: secret_partage.champ_masque(frein, c, cote_social=cote_social) for c in ("situations", "precision")
        }
        freins.append(
            {
                "domaine": frein.domaine,
                "niveau": frein.niveau,
                "situations": None if masque["situations"] else [s.libelle for s in frein.situations.all()],
                "precision": None if masque["precision"] else frein.precision,
            }
        )
    return {
        "id": diagnostic.pk,
        "parcours": diagnostic.parcours_id,
        "date": diagnostic.date,
        "personne_presente": diagnostic.personne_presente,
        "decision": diagnostic.decision,
        "decision_le": diagnostic.decision_le,
        "adhesion": diagnostic.adhesion,
        "signe_le": diagnostic.signe_le,
        "date_revue": diagnostic.date_revue,
        "detail_social": cote_social,
        "freins": freins,
        "modifie_le": diagnostic.modifie_le,
    }


# --- Briques ------------------------------------------------------------------------------------------------


def _plan_courant(request, parcours_pk: int):
    parcours = selectors.parcours_pour(request.auth, parcours_pk)
    plan = selectors.plan_courant(parcours)
    if plan is None:
        raise Probleme(404, "Introuvable", "Ce parcours n'a pas encore de plan d'action.")
    return parcours, plan


def _referentiel(type_element: str, pk: int | None):
    if pk is None:
        return None
    element = selectors.elements_referentiel(type_element).filter(pk=pk).first()
    if element is None:
        raise Probleme(
            422,
            "Données invalides",
            "Cet élément du référentiel ne peut pas être choisi ici.",
            erreurs={"element_referentiel": ["Élément du référentiel inconnu ou inactif."]},
        )
    return element


def _objectif_du_plan(plan, pk: int | None, *, champ: str = "objectif"):
    if pk is None:
        return None
    objectif = selectors.objectifs_du_plan(plan).filter(pk=pk).first()
    if objectif is None:
        raise Probleme(
            422,
            "Données invalides",
            "Cet objectif n'appartient pas à la version en vigueur du plan.",
            erreurs={champ: ["Objectif inconnu dans cette version du plan."]},
        )
    return objectif


def _champs(donnees: ElementPlanEntree, type_element: str) -> dict:
    return {
        "cote": donnees.cote,
        "porteur": donnees.porteur,
        "element_referentiel": _referentiel(type_element, donnees.element_referentiel),
        "libelle_libre": donnees.libelle_libre,
        "porteur_precision": donnees.porteur_precision,
        "echeance": donnees.echeance,
        "statut": donnees.statut,
    }


def _journal_saisie(request, parcours, objet) -> None:
    journal_api(request, action=ActionJournal.SAISIE, finalite=_SAISIE_PLAN, objet=objet, personne=parcours.personne)


# --- Diagnostic ---------------------------------------------------------------------------------------------

_EXEMPLE_DIAGNOSTIC = {
    "id": 12,
    "parcours": 34,
    "date": "2026-03-02",
    "personne_presente": True,
    "decision": "ENTREE",
    "decision_le": "2026-03-02",
    "adhesion": True,
    "signe_le": "2026-03-02",
    "date_revue": None,
    "detail_social": False,
    "freins": [{"domaine": "MOBILITE", "niveau": "FORT", "situations": None, "precision": None}],
    "modifie_le": "2026-03-02T10:15:00+01:00",
}


@routeur.get(
    "/parcours/{parcours_pk}/diagnostic",
    response=DiagnosticSortie,
    summary="Dernier diagnostic partagé d'un parcours",
    description=(
        "Le dernier diagnostic partagé du parcours et ses freins par domaine (domaine et niveau). Les situations "
        "détaillées et la précision de chaque frein relèvent du secret partagé : elles valent `null` pour qui ne "
        "les voit pas dans l'interface (côté France Travail, administrateur départemental)."
    ),
    openapi_extra=reponses(LECTURE, exemple=_EXEMPLE_DIAGNOSTIC),
)
def lire_diagnostic(request, parcours_pk: int):
    parcours = selectors.parcours_pour(request.auth, parcours_pk)
    cote_social = selectors.voit_detail_social(request.auth, parcours)
    diagnostic = selectors.dernier_diagnostic(parcours, avec_detail=cote_social)
    if diagnostic is None:
        raise Probleme(404, "Introuvable", "Aucun diagnostic partagé n'est enregistré pour ce parcours.")
    journal_api(
        request,
        action=ActionJournal.LECTURE,
        finalite="Consultation du diagnostic partagé (API)",
        objet=diagnostic,
        personne=parcours.personne,
    )
    return _diagnostic(diagnostic, cote_social=cote_social)


# --- Plan ---------------------------------------------------------------------------------------------------

_EXEMPLE_OBJECTIF = {
    "id": 5,
    "libelle": "Obtenir le permis B",
    "element_referentiel": None,
    "libelle_libre": "Obtenir le permis B",
    "cote": "SOCIAL",
    "porteur": "PERSONNE",
    "porteur_precision": "",
    "echeance": "2026-09-30",
    "statut": "EN_COURS",
    "revision": 2,
    "modifie_le": "2026-03-10T09:00:00+01:00",
}
_EXEMPLE_ACTION = {**_EXEMPLE_OBJECTIF, "id": 8, "objectif": 5, "service_ressource_id": None}
_EXEMPLE_PLAN = {
    "id": 3,
    "parcours": 34,
    "version": 1,
    "signe": False,
    "signe_le": None,
    "heures_hebdomadaires": 15,
    "revision": 7,
    "objectifs": [_EXEMPLE_OBJECTIF],
    "actions": [_EXEMPLE_ACTION],
    "modifie_le": "2026-03-10T09:00:00+01:00",
}
_IF_MATCH = (
    " Exige l'en-tête `If-Match` avec la révision lue (ETag de l'élément) : 428 sans, 412 si l'élément a changé "
    "entre-temps (rien n'est écrit)."
)


@routeur.get(
    "/parcours/{parcours_pk}/plan",
    response=PlanSortie,
    summary="Plan d'action en vigueur d'un parcours",
    description=(
        "La dernière version du plan d'action (brouillon en cours ou dernière version signée) : objectifs, "
        "actions et révision. L'en-tête `ETag` porte la révision du plan ; chaque objectif et chaque action porte "
        "la sienne."
    ),
    openapi_extra=reponses(LECTURE, exemple=_EXEMPLE_PLAN),
)
def lire_plan(request, response: HttpResponse, parcours_pk: int):
    parcours, plan = _plan_courant(request, parcours_pk)
    journal_api(request, action=ActionJournal.LECTURE, finalite=_LECTURE_PLAN, objet=plan, personne=parcours.personne)
    response["ETag"] = etag_revision(plan)
    return _plan(plan)


@routeur.post(
    "/parcours/{parcours_pk}/plan/objectifs",
    response={201: ElementPlanSortie},
    summary="Ajouter un objectif au plan",
    description=(
        "Ajoute un objectif à la version brouillon en vigueur (une version signée n'est plus modifiable : 422). "
        "Un élément du référentiel ou un libellé libre. En-tête `Idempotency-Key` honoré."
    ),
    openapi_extra=reponses(CREATION, exemple=_EXEMPLE_OBJECTIF, succes=201),
)
@idempotent
def ajouter_objectif(request, response: HttpResponse, parcours_pk: int, donnees: ElementPlanEntree):
    parcours, plan = _plan_courant(request, parcours_pk)
    objectif = services_accompagnement.objectif_ajouter(
        acteur=request.auth, plan=plan, **_champs(donnees, TypeElementReferentiel.OBJECTIF)
    )
    _journal_saisie(request, parcours, objectif)
    response["ETag"] = etag_revision(objectif)
    return Status(201, _element(objectif))


@routeur.put(
    "/parcours/{parcours_pk}/plan/objectifs/{objectif_pk}",
    response=ElementPlanSortie,
    summary="Modifier un objectif du plan",
    description="Remplace les champs d'un objectif de la version brouillon en vigueur." + _IF_MATCH,
    openapi_extra=reponses(MODIFICATION, exemple=_EXEMPLE_OBJECTIF),
)
def modifier_objectif(request, response: HttpResponse, parcours_pk: int, objectif_pk: int, donnees: ElementPlanEntree):
    parcours, plan = _plan_courant(request, parcours_pk)
    objectif = get_object_or_404(selectors.objectifs_du_plan(plan), pk=objectif_pk)
    revision = revision_exigee(request)
    with conflit_en_412():
        objectif = services_accompagnement.objectif_modifier(
            acteur=request.auth,
            objectif=objectif,
            revision=revision,
            **_champs(donnees, TypeElementReferentiel.OBJECTIF),
        )
    _journal_saisie(request, parcours, objectif)
    response["ETag"] = etag_revision(objectif)
    return _element(objectif)


@routeur.delete(
    "/parcours/{parcours_pk}/plan/objectifs/{objectif_pk}",
    response={204: None},
    summary="Retirer un objectif du plan",
    description="Retire un objectif de la version brouillon (ses actions restent, sans objectif)." + _IF_MATCH,
    openapi_extra=reponses(MODIFICATION),
)
def retirer_objectif(request, parcours_pk: int, objectif_pk: int):
    parcours, plan = _plan_courant(request, parcours_pk)
    objectif = get_object_or_404(selectors.objectifs_du_plan(plan), pk=objectif_pk)
    revision = revision_exigee(request)
    with conflit_en_412():
        services_accompagnement.objectif_retirer(acteur=request.auth, objectif=objectif, revision=revision)
    _journal_saisie(request, parcours, ("accompagnement.objectif", objectif_pk))
    return Status(204, None)


@routeur.post(
    "/parcours/{parcours_pk}/plan/actions",
    response={201: ActionSortie},
    summary="Ajouter une action au plan",
    description=(
        "Ajoute une action à la version brouillon en vigueur, rattachée ou non à un objectif de cette version, "
        "liée ou non à un service de l'annuaire. En-tête `Idempotency-Key` honoré."
    ),
    openapi_extra=reponses(CREATION, exemple=_EXEMPLE_ACTION, succes=201),
)
@idempotent
def ajouter_action(request, response: HttpResponse, parcours_pk: int, donnees: ActionEntree):
    parcours, plan = _plan_courant(request, parcours_pk)
    action = services_accompagnement.action_ajouter(
        acteur=request.auth,
        plan=plan,
        objectif=_objectif_du_plan(plan, donnees.objectif),
        service_ressource_id=donnees.service_ressource_id,
        **_champs(donnees, TypeElementReferentiel.ACTION),
    )
    _journal_saisie(request, parcours, action)
    response["ETag"] = etag_revision(action)
    return Status(201, _action(action))


@routeur.put(
    "/parcours/{parcours_pk}/plan/actions/{action_pk}",
    response=ActionSortie,
    summary="Modifier une action du plan",
    description="Remplace les champs d'une action de la version brouillon en vigueur." + _IF_MATCH,
    openapi_extra=reponses(MODIFICATION, exemple=_EXEMPLE_ACTION),
)
def modifier_action(request, response: HttpResponse, parcours_pk: int, action_pk: int, donnees: ActionEntree):
    parcours, plan = _plan_courant(request, parcours_pk)
    action = get_object_or_404(selectors.actions_du_plan(plan), pk=action_pk)
    revision = revision_exigee(request)
    with conflit_en_412():
        action = services_accompagnement.action_modifier(
            acteur=request.auth,
            action=action,
            revision=revision,
            objectif=_objectif_du_plan(plan, donnees.objectif),
            service_ressource_id=donnees.service_ressource_id,
            **_champs(donnees, TypeElementReferentiel.ACTION),
        )
    _journal_saisie(request, parcours, action)
    response["ETag"] = etag_revision(action)
    return _action(action)


@routeur.post(
    "/parcours/{parcours_pk}/plan/actions/{action_pk}/statut",
    response=ActionSortie,
    summary="Changer le statut d'une action",
    description="À faire, en cours, réalisée ou abandonnée." + _IF_MATCH,
    openapi_extra=reponses(MODIFICATION, exemple={**_EXEMPLE_ACTION, "statut": "REALISEE"}),
)
def changer_statut_action(request, response: HttpResponse, parcours_pk: int, action_pk: int, donnees: StatutEntree):
    parcours, plan = _plan_courant(request, parcours_pk)
    action = get_object_or_404(selectors.actions_du_plan(plan), pk=action_pk)
    revision = revision_exigee(request)
    with conflit_en_412():
        action = services_accompagnement.action_changer_statut(
            acteur=request.auth, action=action, revision=revision, statut=donnees.statut
        )
    _journal_saisie(request, parcours, action)
    response["ETag"] = etag_revision(action)
    return _action(action)


@routeur.delete(
    "/parcours/{parcours_pk}/plan/actions/{action_pk}",
    response={204: None},
    summary="Retirer une action du plan",
    description="Retire une action de la version brouillon (saisie erronée)." + _IF_MATCH,
    openapi_extra=reponses(MODIFICATION),
)
def retirer_action(request, parcours_pk: int, action_pk: int):
    parcours, plan = _plan_courant(request, parcours_pk)
    action = get_object_or_404(selectors.actions_du_plan(plan), pk=action_pk)
    revision = revision_exigee(request)
    with conflit_en_412():
        services_accompagnement.action_retirer(acteur=request.auth, action=action, revision=revision)
    _journal_saisie(request, parcours, ("accompagnement.action", action_pk))
    return Status(204, None)
