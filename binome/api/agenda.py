"""Routes des rendez-vous (``binome.agenda``) : liste, fiche, planification, annulation, présence.

L'objet d'un rendez-vous avec le seul côté social suit le secret partagé : qui ne le lit pas dans l'interface
reçoit le libellé neutre (``agenda.selectors.objet_visible``).
"""

from django.http import HttpResponse
from ninja import Field, Query, Router, Status

from binome.accompagnement import selectors as selecteurs_accompagnement
from binome.agenda import selectors
from binome.agenda import services as services_agenda
from binome.api.contrat import ACTION, CREATION, LECTURE, LISTE, journal_api, reponses
from binome.api.idempotence import idempotent
from binome.api.pagination import ParametresPage, paginer
from binome.api.perimetre import AUTHENTIFICATIONS_DOSSIER
from binome.api.problemes import Probleme
from binome.api.schemas_contenu import (
    AnnulationEntree,
    PageRendezVous,
    PresenceEntree,
    RendezVousEntree,
    RendezVousSortie,
)
from binome.api.versions import etag
from binome.confiance.models import Action as ActionJournal

routeur = Router(tags=["Rendez-vous"], auth=AUTHENTIFICATIONS_DOSSIER)

_EXEMPLE_RDV = {
    "id": 17,
    "parcours": 34,
    "type": "INDIVIDUEL",
    "debut": "2026-04-02T14:00:00+02:00",
    "duree_minutes": 45,
    "canal": "PRESENTIEL",
    "lieu": "Agence de Saint-Flour",
    "objet": "Point d'étape sur le plan d'action",
    "statut": "PLANIFIE",
    "professionnels": [7],
    "annule_le": None,
    "contact": None,
    "modifie_le": "2026-03-12T11:02:00+01:00",
}


class FiltreRendezVous(ParametresPage):
    parcours: int | None = Field(None, description="Ne renvoie que les rendez-vous de ce parcours.")


def _sortie(rdv, objet: str) -> dict:
    return {
        "id": rdv.pk,
        "parcours": rdv.parcours_id,
        "type": rdv.type,
        "debut": rdv.debut,
        "duree_minutes": rdv.duree_minutes,
        "canal": rdv.canal,
        "lieu": rdv.lieu,
        "objet": objet,
        "statut": rdv.statut,
        "professionnels": sorted(p.pk for p in rdv.professionnels.all()),
        "annule_le": rdv.annule_le,
        "contact": rdv.contact_id,
        "modifie_le": rdv.modifie_le,
    }


def _un(request, rdv) -> dict:
    return _sortie(rdv, selectors.objets_lisibles(request.auth, [rdv])[rdv.pk])


def _journal(request, rdv, action: str, finalite: str) -> None:
    journal_api(request, action=action, finalite=finalite, objet=rdv, personne=rdv.parcours.personne_id)


def _rendez_vous(request, rendez_vous_pk: int):
    return selectors.rendez_vous_pour(request.auth, rendez_vous_pk)


@routeur.get(
    "/rendez-vous",
    response=PageRendezVous,
    summary="Rendez-vous visibles",
    description=(
        "Les rendez-vous des parcours que le compte voit (ou d'un seul parcours avec `parcours`), triés par date "
        "de modification puis identifiant ; `modifie_depuis` pour la synchronisation incrémentale."
    ),
    openapi_extra=reponses(LISTE, exemple={"resultats": [_EXEMPLE_RDV], "suivant": None}),
)
def lister_rendez_vous(request, filtre: Query[FiltreRendezVous]):
    qs = selectors.rendez_vous_visibles(request.auth).prefetch_related("professionnels")
    if filtre.parcours is not None:
        qs = qs.filter(parcours=selecteurs_accompagnement.parcours_pour(request.auth, filtre.parcours))
    page = paginer(request, qs, filtre)
    objets = selectors.objets_lisibles(request.auth, page["resultats"])
    for personne_id in sorted({r.parcours.personne_id for r in page["resultats"]}):
        journal_api(
            request,
            action=ActionJournal.LECTURE,
            finalite="Consultation des rendez-vous (API)",
            objet=("accompagnement.personne", personne_id),
            personne=personne_id,
        )
    return {"resultats": [_sortie(r, objets[r.pk]) for r in page["resultats"]], "suivant": page["suivant"]}


@routeur.get(
    "/rendez-vous/{rendez_vous_pk}",
    response=RendezVousSortie,
    summary="Fiche d'un rendez-vous",
    description="Un rendez-vous d'un parcours visible ; l'en-tête `ETag` porte sa version.",
    openapi_extra=reponses(LECTURE, exemple=_EXEMPLE_RDV),
)
def lire_rendez_vous(request, response: HttpResponse, rendez_vous_pk: int):
    rdv = _rendez_vous(request, rendez_vous_pk)
    _journal(request, rdv, ActionJournal.LECTURE, "Consultation d'un rendez-vous (API)")
    response["ETag"] = etag(rdv)
    return _un(request, rdv)


def _professionnels(request, parcours, ids: list[int] | None):
    if ids is None:
        return None
    permis = {u.pk: u for u in (parcours.conseiller, parcours.referent_social, request.auth) if u is not None}
    inconnus = sorted(set(ids) - set(permis))
    if inconnus:
        raise Probleme(
            422,
            "Données invalides",
            "Choisissez les professionnels parmi le binôme du parcours et vous-même.",
            erreurs={"professionnels": [f"Professionnel inconnu : {pk}." for pk in inconnus]},
        )
    return [permis[pk] for pk in dict.fromkeys(ids)]


@routeur.post(
    "/parcours/{parcours_pk}/rendez-vous",
    response={201: RendezVousSortie},
    summary="Planifier un rendez-vous",
    description=(
        "Planifie un rendez-vous avec la personne (elle est prévenue après l'enregistrement). Professionnels "
        "attendus : vous par défaut, le binôme pour un tripartite. En-tête `Idempotency-Key` honoré."
    ),
    openapi_extra=reponses(CREATION, exemple=_EXEMPLE_RDV, succes=201),
)
@idempotent
def planifier_rendez_vous(request, response: HttpResponse, parcours_pk: int, donnees: RendezVousEntree):
    parcours = selecteurs_accompagnement.parcours_pour(request.auth, parcours_pk)
    if donnees.debut.tzinfo is None:
        raise Probleme(422, "Données invalides", "« debut » doit porter son fuseau.", erreurs={"debut": ["Fuseau."]})
    rdv = services_agenda.rendez_vous_planifier(
        acteur=request.auth,
        parcours=parcours,
        debut=donnees.debut,
        duree_minutes=donnees.duree_minutes,
        canal=donnees.canal,
        objet=donnees.objet,
        type=donnees.type,
        professionnels=_professionnels(request, parcours, donnees.professionnels),
        lieu=donnees.lieu,
        lien_visio=donnees.lien_visio,
        telephone=donnees.telephone,
    )
    rdv = _rendez_vous(request, rdv.pk)
    _journal(request, rdv, ActionJournal.SAISIE, "Planification d'un rendez-vous (API)")
    response["ETag"] = etag(rdv)
    return Status(201, _un(request, rdv))


@routeur.post(
    "/rendez-vous/{rendez_vous_pk}/annulation",
    response=RendezVousSortie,
    summary="Annuler un rendez-vous",
    description=(
        "Annule un rendez-vous planifié à venir, avec son motif (la personne est prévenue). 409 si le rendez-vous "
        "n'est plus annulable (commencé, déjà annulé ou saisi)."
    ),
    openapi_extra=reponses(ACTION, exemple={**_EXEMPLE_RDV, "statut": "ANNULE"}),
)
def annuler_rendez_vous(request, rendez_vous_pk: int, donnees: AnnulationEntree):
    rdv = _rendez_vous(request, rendez_vous_pk)
    if not selectors.peut_planifier(request.auth, rdv.parcours):
        raise Probleme(403, "Accès refusé", "Vous ne pouvez pas annuler ce rendez-vous.")
    if not selectors.peut_annuler(request.auth, rdv):
        raise Probleme(409, "Conflit", "Ce rendez-vous n'est plus annulable : il a commencé, ou n'est plus planifié.")
    services_agenda.rendez_vous_annuler(acteur=request.auth, rendez_vous=rdv, motif=donnees.motif)
    rdv = _rendez_vous(request, rendez_vous_pk)
    _journal(request, rdv, ActionJournal.SAISIE, "Annulation d'un rendez-vous (API)")
    return _un(request, rdv)


@routeur.post(
    "/rendez-vous/{rendez_vous_pk}/presence",
    response=RendezVousSortie,
    summary="Saisir la présence à un rendez-vous",
    description=(
        "Honoré, manqué ou excusé, une fois le rendez-vous commencé : écrit le contact du journal (renvoyé dans "
        "`contact`). 409 si le rendez-vous n'a pas commencé ou si sa présence est déjà saisie."
    ),
    openapi_extra=reponses(ACTION, exemple={**_EXEMPLE_RDV, "statut": "HONORE", "contact": 41}),
)
def saisir_presence(request, rendez_vous_pk: int, donnees: PresenceEntree):
    rdv = _rendez_vous(request, rendez_vous_pk)
    if not selecteurs_accompagnement.peut_modifier(request.auth, rdv.parcours):
        raise Probleme(403, "Accès refusé", "Vous ne pouvez pas saisir la présence de ce rendez-vous.")
    if not selectors.peut_saisir_presence(request.auth, rdv):
        raise Probleme(
            409, "Conflit", "La présence de ce rendez-vous ne se saisit pas : pas commencé, ou déjà saisie."
        )
    services_agenda.rendez_vous_enregistrer_presence(
        acteur=request.auth,
        rendez_vous=rdv,
        presence=donnees.presence,
        note=donnees.note,
        prochaine_date=donnees.prochaine_date,
    )
    rdv = _rendez_vous(request, rendez_vous_pk)
    _journal(request, rdv, ActionJournal.SAISIE, "Présence à un rendez-vous (API)")
    return _un(request, rdv)
