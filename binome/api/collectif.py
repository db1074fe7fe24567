"""Routes des actions collectives (``binome.collectif``) : séances visibles, inscriptions d'un parcours, et
inscription d'une personne à une séance, avec son accord (date exigée)."""

from django.http import HttpResponse
from ninja import Query, Router, Status

from binome.accompagnement import selectors as selecteurs_accompagnement
from binome.api.contrat import CREATION, LISTE, journal_api, reponses
from binome.api.idempotence import idempotent
from binome.api.pagination import ParametresPage, paginer
from binome.api.perimetre import AUTHENTIFICATIONS_DOSSIER
from binome.api.problemes import Probleme
from binome.api.schemas_contenu import InscriptionEntree, InscriptionSortie, PageInscriptions, PageSeances
from binome.api.versions import etag
from binome.collectif import selectors
from binome.collectif import services as services_collectif
from binome.confiance.models import Action as ActionJournal

routeur = Router(tags=["Actions collectives"], auth=AUTHENTIFICATIONS_DOSSIER)

_EXEMPLE_SEANCE = {
    "id": 9,
    "action": 4,
    "titre": "Atelier CV",
    "theme": "EMPLOI",
    "debut": "2026-04-07T09:30:00+02:00",
    "duree_minutes": 120,
    "lieu": "Maison des solidarités de Saint-Flour",
    "places": 12,
    "inscrits": 8,
    "en_attente": 0,
    "statut": "PLANIFIEE",
    "modifie_le": "2026-03-01T08:00:00+01:00",
}
_EXEMPLE_INSCRIPTION = {
    "id": 21,
    "seance": 9,
    "parcours": 34,
    "statut": "INSCRITE",
    "accord_le": "2026-03-12",
    "demande_le": "2026-03-12T11:05:00+01:00",
    "presence": "",
    "action_plan": None,
    "modifie_le": "2026-03-12T11:05:00+01:00",
}


def _seance(seance) -> dict:
    return {
        "id": seance.pk,
        "action": seance.action_id,
        "titre": seance.action.titre,
        "theme": seance.action.theme,
        "debut": seance.debut,
        "duree_minutes": seance.duree_minutes,
        "lieu": seance.lieu,
        "places": seance.places,
        "inscrits": seance.nb_inscrits,
        "en_attente": seance.nb_attente,
        "statut": seance.statut,
        "modifie_le": seance.modifie_le,
    }


def _inscription(inscription) -> dict:
    return {
        "id": inscription.pk,
        "seance": inscription.seance_id,
        "parcours": inscription.parcours_id,
        "statut": inscription.statut,
        "accord_le": inscription.accord_le,
        "demande_le": inscription.demande_le,
        "presence": inscription.presence,
        "action_plan": inscription.action_plan_id,
        "modifie_le": inscription.modifie_le,
    }


@routeur.get(
    "/seances",
    response=PageSeances,
    summary="Séances collectives visibles",
    description=(
        "Les séances des actions collectives des départements du compte (aucune donnée personnelle : ni inscrits "
        "nommés, ni animateurs), triées par date de modification puis identifiant."
    ),
    openapi_extra=reponses(LISTE, exemple={"resultats": [_EXEMPLE_SEANCE], "suivant": None}),
)
def lister_seances(request, page: Query[ParametresPage]):
    selectors.exiger_acces(request.auth)
    resultat = paginer(request, selectors.seances_visibles(request.auth), page)
    return {"resultats": [_seance(s) for s in resultat["resultats"]], "suivant": resultat["suivant"]}


@routeur.get(
    "/parcours/{parcours_pk}/inscriptions",
    response=PageInscriptions,
    summary="Inscriptions collectives d'un parcours",
    description="Les inscriptions (et listes d'attente) de la personne du parcours aux séances collectives.",
    openapi_extra=reponses(LISTE, exemple={"resultats": [_EXEMPLE_INSCRIPTION], "suivant": None}),
)
def lister_inscriptions(request, parcours_pk: int, page: Query[ParametresPage]):
    parcours = selecteurs_accompagnement.parcours_pour(request.auth, parcours_pk)
    resultat = paginer(request, selectors.inscriptions_du_parcours(parcours), page)
    journal_api(
        request,
        action=ActionJournal.LECTURE,
        finalite="Consultation des inscriptions collectives (API)",
        objet=parcours,
        personne=parcours.personne,
    )
    return {"resultats": [_inscription(i) for i in resultat["resultats"]], "suivant": resultat["suivant"]}


def _invalide(champ: str, message: str) -> Probleme:
    return Probleme(422, "Données invalides", message, erreurs={champ: [message]})


@routeur.post(
    "/parcours/{parcours_pk}/inscriptions",
    response={201: InscriptionSortie},
    summary="Inscrire une personne à une séance",
    description=(
        "Inscrit la personne du parcours (en cours) à une séance à venir de son département, avec la date de son "
        "accord ; sur liste d'attente si la séance est complète. En-tête `Idempotency-Key` honoré."
    ),
    openapi_extra=reponses(CREATION, exemple=_EXEMPLE_INSCRIPTION, succes=201),
)
@idempotent
def inscrire(request, response: HttpResponse, parcours_pk: int, donnees: InscriptionEntree):
    parcours = selecteurs_accompagnement.parcours_pour(request.auth, parcours_pk)
    seance = selectors.seances_visibles(request.auth).filter(pk=donnees.seance).first()
    if seance is None:
        raise _invalide("seance", "Séance inconnue ou hors de vos départements.")
    action_plan = None
    if donnees.action_plan is not None:
        action_plan = selectors.actions_du_plan(parcours).filter(pk=donnees.action_plan).first()
        if action_plan is None:
            raise _invalide("action_plan", "Cette action n'appartient pas au plan en vigueur du parcours.")
    inscription = services_collectif.inscription_creer(
        acteur=request.auth, seance=seance, parcours=parcours, accord_le=donnees.accord_le, action_plan=action_plan
    )
    journal_api(
        request,
        action=ActionJournal.SAISIE,
        finalite="Inscription à une séance collective (API)",
        objet=inscription,
        personne=parcours.personne,
    )
    response["ETag"] = etag(inscription)
    return Status(201, _inscription(inscription))
