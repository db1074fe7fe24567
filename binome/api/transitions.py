"""Transitions du parcours : une route par action (``POST /parcours/{parcours_id}/<action>``), par les mêmes
services que les pages (gardes de la machine à états, droits, historique, chronologie).

Un refus de la machine (état, garde) répond 409 avec le message français de la garde et son ``code``
(``transition_interdite``, ``deja_renouvele``, ``hors_fenetre_renouvellement``, ``coordination_manquante``…) ;
une saisie invalide 422 (champ → messages) ; un droit manquant 403. Chaque action renvoie la fiche du parcours
après l'action, avec son ETag. Les décisions conjointes (renouvellement, passage en social exclusif) prennent
effet au second accord : chaque membre du binôme appelle la route avec son propre jeton.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from binome.accompagnement import machine, selectors, services
from binome.accompagnement.selectors import api_v1
from binome.api.contrat import reponses
from binome.api.idempotence import idempotent
from binome.api.parcours import fiche
from binome.api.perimetre import AUTHENTIFICATIONS_DOSSIER
from binome.api.schemas import (
    Activer,
    BasculerSocialExclusif,
    DemanderCoordination,
    Diagnostiquer,
    NonRetenu,
    Orienter,
    ParcoursFiche,
    PlanifierDiagnostic,
    RefuserOrientation,
    Renouveler,
    RepondreCoordination,
    Reprendre,
    Sortir,
    SuiviSixMois,
    Suspendre,
)
from binome.api.versions import etag

routeur = Router(tags=["Parcours : transitions"], auth=AUTHENTIFICATIONS_DOSSIER)

# Erreurs communes à toutes les transitions (400 et 409 aussi pour une clé d'idempotence déjà servie).
ERREURS = (400, 404, 409, 422)


def _route(chemin: str, nom: str, resume: str, description: str = ""):
    """``POST /parcours/{parcours_id}/<chemin>`` : réponses documentées communes à toutes les transitions."""
    return routeur.post(
        f"/{{parcours_id}}/{chemin}",
        url_name=f"parcours_{nom}",
        response=ParcoursFiche,
        openapi_extra=reponses(ERREURS),
        summary=resume,
        description=description or resume,
    )


def _parcours(request, parcours_id: int):
    return selectors.parcours_pour(request.auth, parcours_id)


def _apres(request, response: HttpResponse, parcours):
    """La fiche après l'action ; le parcours relu, même s'il n'est plus ouvert au compte (un refus d'orientation le
    retire de sa boîte de réception)."""
    relu = selectors.parcours_visibles(request.auth).filter(pk=parcours.pk).first()
    if relu is None:
        parcours.refresh_from_db()
        relu = parcours
    response["ETag"] = etag(relu)
    return fiche(request.auth, relu)


def _orientation_a_traiter(request, parcours, transition: str):
    """L'orientation en attente du parcours dans la boîte de réception du compte (sinon 409 ou 403)."""
    if not machine.permet(parcours, transition):
        raise machine.erreur(parcours, transition)
    orientation = api_v1.orientation_a_traiter_du_parcours(request.auth, parcours)
    if orientation is None:
        raise PermissionDenied(_("Cette orientation n'est pas dans votre boîte de réception."))
    return orientation


@_route("orienter", "orienter", "Proposer une orientation", "Proposition vers l'accompagnement (ou ré-entrée).")
@idempotent
def orienter(request, parcours_id: int, donnees: Orienter, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    orientation = services.orientation_proposer(
        acteur=request.auth,
        personne=parcours.personne,
        modalite_proposee=donnees.modalite_proposee,
        motif=donnees.motif,
        organisation=donnees.organisation_id,
    )
    return _apres(request, response, orientation.parcours)


@_route("planifier-diagnostic", "planifier_diagnostic", "Planifier le diagnostic partagé (orientation reçue)")
@idempotent
def planifier_diagnostic(request, parcours_id: int, donnees: PlanifierDiagnostic, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    orientation = _orientation_a_traiter(request, parcours, "planifier_diagnostic")
    services.orientation_planifier_diagnostic(
        acteur=request.auth, orientation=orientation, date_diagnostic=donnees.date_diagnostic
    )
    return _apres(request, response, parcours)


@_route("refuser-orientation", "refuser_orientation", "Refuser l'orientation reçue (parcours non retenu)")
@idempotent
def refuser_orientation(request, parcours_id: int, donnees: RefuserOrientation, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    orientation = _orientation_a_traiter(request, parcours, "refuser_orientation")
    services.orientation_refuser(
        acteur=request.auth, orientation=orientation, motif=donnees.motif, precision=donnees.precision
    )
    return _apres(request, response, parcours)


@_route("non-retenu", "non_retenu", "Ne pas retenir le parcours (avant l'entrée)")
@idempotent
def non_retenu(request, parcours_id: int, donnees: NonRetenu, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.parcours_non_retenu(acteur=request.auth, parcours=parcours, motif=donnees.motif)
    return _apres(request, response, parcours)


def _participant(parcours, cote: str, utilisateur_id, champ: str):
    if utilisateur_id is None:
        return None
    habilitation = api_v1.membre_possible(parcours.departement_id, cote=cote, utilisateur_id=utilisateur_id)
    if habilitation is None:
        raise ValidationError({champ: _("Ce compte ne peut pas participer au diagnostic dans ce département.")})
    return habilitation.utilisateur


@_route(
    "diagnostiquer",
    "diagnostiquer",
    "Enregistrer le diagnostic partagé et la décision conjointe",
    "Décision GLOBAL ou SOCIAL_EXCLUSIF (adhésion datée) : le parcours attend l'entrée (``activer``) ; "
    "autre décision : le parcours n'est pas retenu. Détail des freins : côté social seulement (403).",
)
@idempotent
def diagnostiquer(request, parcours_id: int, donnees: Diagnostiquer, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    champs = donnees.dict(exclude={"freins", "conseiller_id", "travailleur_social_id"})
    services.diagnostic_enregistrer(
        acteur=request.auth,
        parcours=parcours,
        freins={domaine: frein.dict() for domaine, frein in donnees.freins.items()},
        conseiller=_participant(parcours, "conseiller", donnees.conseiller_id, "conseiller_id"),
        travailleur_social=_participant(parcours, "referent", donnees.travailleur_social_id, "travailleur_social_id"),
        **champs,
    )
    return _apres(request, response, parcours)


def _membre(parcours, cote: str, utilisateur_id: int, organisation_id: int):
    habilitation = api_v1.membre_possible(
        parcours.departement_id, cote=cote, utilisateur_id=utilisateur_id, organisation_id=organisation_id
    )
    return (habilitation.utilisateur, habilitation.organisation) if habilitation is not None else (None, None)


@_route(
    "activer",
    "activer",
    "Entrée en accompagnement (binôme)",
    "Le parcours devient actif (décision GLOBAL du diagnostic) ou social exclusif (décision SOCIAL_EXCLUSIF) : "
    "transitions « activer » et « activer_social_exclusif » de la machine. Binôme : voir membres-possibles.",
)
@idempotent
def activer(request, parcours_id: int, donnees: Activer, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    conseiller, agence = _membre(parcours, "conseiller", donnees.conseiller_id, donnees.organisation_conseiller_id)
    referent, organisation = _membre(
        parcours, "referent", donnees.referent_social_id, donnees.organisation_referent_id
    )
    services.parcours_activer(
        acteur=request.auth,
        parcours=parcours,
        conseiller=conseiller,
        organisation_conseiller=agence,
        referent_social=referent,
        organisation_referent=organisation,
        date_entree=donnees.date_entree,
    )
    return _apres(request, response, parcours)


@_route("suspendre", "suspendre", "Suspendre l'accompagnement")
@idempotent
def suspendre(request, parcours_id: int, donnees: Suspendre, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.parcours_suspendre(acteur=request.auth, parcours=parcours, debut=donnees.debut, motif=donnees.motif)
    return _apres(request, response, parcours)


@_route("reprendre", "reprendre", "Reprendre l'accompagnement suspendu")
@idempotent
def reprendre(request, parcours_id: int, donnees: Reprendre, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.parcours_reprendre(acteur=request.auth, parcours=parcours, date=donnees.date)
    return _apres(request, response, parcours)


@_route(
    "renouveler",
    "renouveler",
    "Donner son accord au renouvellement",
    "Décision conjointe : chaque membre du binôme donne son accord (motif et accord de la personne au premier) ; "
    "le parcours est renouvelé au second. Dans la fenêtre qui précède la fin prévue, une seule fois.",
)
@idempotent
def renouveler(request, parcours_id: int, donnees: Renouveler, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.parcours_renouveler(
        acteur=request.auth, parcours=parcours, motif=donnees.motif, accord_personne=donnees.accord_personne
    )
    return _apres(request, response, parcours)


@_route(
    "basculer-social-exclusif",
    "basculer_social_exclusif",
    "Donner son accord au passage en accompagnement social exclusif",
    "Décision conjointe des deux membres du binôme : le passage prend effet au second accord.",
)
@idempotent
def basculer_social_exclusif(request, parcours_id: int, donnees: BasculerSocialExclusif, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.parcours_basculer_social_exclusif(acteur=request.auth, parcours=parcours, motif=donnees.motif)
    return _apres(request, response, parcours)


@_route("demander-coordination", "demander_coordination", "Demander une coordination à l'autre côté")
@idempotent
def demander_coordination(request, parcours_id: int, donnees: DemanderCoordination, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.coordination_demander(
        acteur=request.auth, parcours=parcours, objet=donnees.objet, demande=donnees.demande
    )
    return _apres(request, response, parcours)


@routeur.post(
    "/{parcours_id}/coordinations/{coordination_id}/repondre",
    url_name="parcours_repondre_coordination",
    response=ParcoursFiche,
    openapi_extra=reponses(ERREURS),
    summary="Répondre à une demande de coordination",
    description="Réservé au côté à qui la demande est adressée : accord explicite (vrai ou faux) et réponse.",
)
@idempotent
def repondre_coordination(
    request, parcours_id: int, coordination_id: int, donnees: RepondreCoordination, response: HttpResponse
):
    parcours = _parcours(request, parcours_id)
    demande = selectors.coordination_pour(request.auth, coordination_id)
    if demande.parcours_id != parcours.pk:
        raise ValidationError(_("Cette demande de coordination concerne un autre parcours."), code="autre_parcours")
    services.coordination_repondre(
        acteur=request.auth, demande=demande, reponse=donnees.reponse, accord=donnees.accord
    )
    return _apres(request, response, parcours)


@_route(
    "retour-diagnostic",
    "retour_diagnostic",
    "Revenir vers un diagnostic partagé (social exclusif)",
    "Après l'accord de l'autre côté à une demande de coordination « retour vers un diagnostic partagé ».",
)
@idempotent
def retour_diagnostic(request, parcours_id: int, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.parcours_retour_diagnostic(acteur=request.auth, parcours=parcours)
    return _apres(request, response, parcours)


@_route("sortir", "sortir", "Sortie de l'accompagnement (motif et situation FSE+)")
@idempotent
def sortir(request, parcours_id: int, donnees: Sortir, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    services.parcours_sortir(
        acteur=request.auth,
        parcours=parcours,
        date=donnees.date,
        motif=donnees.motif,
        situation_fse=donnees.situation_fse,
        precision=donnees.precision,
    )
    return _apres(request, response, parcours)


@_route(
    "suivi-six-mois",
    "suivi_six_mois",
    "Suivi à six mois (ou sa correction)",
    "À partir de l'échéance (sortie + 6 mois). Un suivi déjà fait se corrige avec un motif.",
)
@idempotent
def suivi_six_mois(request, parcours_id: int, donnees: SuiviSixMois, response: HttpResponse):
    parcours = _parcours(request, parcours_id)
    sortie = getattr(parcours, "sortie", None) if machine.est_sorti(parcours) else None
    champs = {
        "fait_le": donnees.fait_le,
        "emploi_6_mois": donnees.emploi_6_mois,
        "situation_amelioree_6_mois": donnees.situation_amelioree_6_mois,
    }
    if sortie is not None and sortie.suivi_6_mois_fait_le is not None:
        services.suivi_six_mois_corriger(acteur=request.auth, parcours=parcours, motif=donnees.motif, **champs)
    else:
        services.suivi_six_mois_enregistrer(acteur=request.auth, parcours=parcours, **champs)
    return _apres(request, response, parcours)
