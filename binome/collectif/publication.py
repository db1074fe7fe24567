"""Publication d'une action collective dans l'annuaire : le service data·inclusion de type « atelier » qui la décrit.

Ce module décide **qui** publie (``peut_publier``, ``action_publiable_pour``) et **ce que** dit le service
(``champs_du_service``, ``structure_existante``) ; les écritures sont dans ``collectif/services/publication.py``.

Le service publié : nom et description de l'action, type ``atelier`` et frais ``gratuit`` (énumérations du paquet
``data-inclusion-schema``), thématiques du thème (celles du domaine de frein correspondant dans le département,
``ressources.selectors.thematiques_du_frein`` ; pour l'emploi, une liste fixe), mobilisable par les professionnels
(l'inscription passe par le référent), en présentiel, zone d'éligibilité le département, public de l'action en
précisions. Structure : la structure partenaire de l'annuaire qui anime l'action, sinon une structure de
l'organisation qui la porte (créée à la première publication). Il valide contre le schéma comme toute fiche
(``ressources.datainclusion``), donc sort dans l'export et l'open data du département.
"""

from data_inclusion.schema import v1
from django.http import Http404

from binome.collectif.enums import ThemeAction
from binome.collectif.models import ActionCollective
from binome.comptes.models import Role
from binome.comptes.selectors import departements_administres, est_super_admin, habilitations
from binome.ressources import referentiels as ref
from binome.ressources.models import StatutService, Structure
from binome.ressources.selectors import thematiques_du_frein

TYPE_ATELIER = v1.TypeService.ATELIER.value
GRATUIT = v1.Frais.GRATUIT.value
PROFESSIONNELS = v1.PersonneMobilisatrice.PROFESSIONNELS.value
TELEPHONER = v1.ModeMobilisation.TELEPHONER.value
ENVOYER_UN_COURRIEL = v1.ModeMobilisation.ENVOYER_UN_COURRIEL.value
SOURCE = "binome"

# Le thème « emploi » n'est pas un domaine de frein : ses thématiques data·inclusion sont fixées ici.
THEMATIQUES_EMPLOI = [
    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    "preparer-sa-candidature--valoriser-ses-competences",
    "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
]
ROLES_PROFESSIONNELS = (
    Role.CONSEILLER_FT,
    Role.TRAVAILLEUR_SOCIAL,
    Role.REFERENT_ORIENTATION,
    Role.ENCADRANT,
    Role.PARTENAIRE,
)


def peut_publier(acteur, action: ActionCollective) -> bool:
    """L'administrateur du département (ou de la plateforme), un professionnel de l'organisation qui porte l'action,
    ou celui qui l'a créée s'il exerce encore dans le département."""
    if est_super_admin(acteur):
        return True
    administres = departements_administres(acteur)
    if administres is None or action.departement_id in administres:
        return True
    for h in habilitations(acteur):
        if h.role not in ROLES_PROFESSIONNELS:
            continue
        if h.organisation_id == action.organisation_id and action.organisation_id is not None:
            return True
        if acteur.pk == action.cree_par_id and h.departement_code == action.departement_id:
            return True
    return False


def action_publiable_pour(acteur, pk: int) -> ActionCollective:
    """L'action que l'acteur peut publier ou retirer ; 404 sinon (comme si elle n'existait pas)."""
    action = (
        ActionCollective.objects.select_related("organisation__commune", "structure", "service", "departement")
        .filter(pk=pk)
        .first()
    )
    if action is None or not peut_publier(acteur, action):
        raise Http404
    return action


def est_publiee(action: ActionCollective) -> bool:
    return action.service_id is not None and action.service.statut != StatutService.MASQUE


def thematiques(action: ActionCollective) -> list[str]:
    if action.theme == ThemeAction.EMPLOI:
        return sorted(THEMATIQUES_EMPLOI)
    return sorted(ref.etendre_thematiques(thematiques_du_frein(action.theme, action.departement_id)))


def structure_existante(action: ActionCollective) -> Structure | None:
    """La structure partenaire de l'action, sinon la première structure de l'annuaire rattachée à son organisation."""
    if action.structure_id:
        return action.structure
    if action.organisation_id is None:
        return None
    return Structure.objects.filter(organisation_id=action.organisation_id).order_by("date_maj", "pk").first()


def champs_structure(action: ActionCollective) -> dict:
    """Une structure de l'annuaire pour l'organisation qui porte l'action (première publication)."""
    organisation = action.organisation
    commune = organisation.commune
    return {
        "source": SOURCE,
        "nom": organisation.nom[:150],
        "organisation": organisation,
        "departement_id": action.departement_id,
        "adresse": organisation.adresse,
        "commune": commune.nom if commune else "",
        "code_postal": commune.code_postal if commune else "",
        "code_insee": commune.code_insee if commune else "",
        "telephone": organisation.telephone,
        "courriel": organisation.courriel,
    }


def champs_du_service(action: ActionCollective, structure: Structure) -> dict:
    """Les champs data·inclusion du service « atelier » qui décrit l'action (à chaque publication)."""
    porteur = action.organisation
    return {
        "source": SOURCE,
        "structure": structure,
        "nom": action.titre,
        "description": action.description,
        "type": TYPE_ATELIER,
        "thematiques": thematiques(action),
        "frais": GRATUIT,
        "publics_precisions": action.public,
        "modes_accueil": [ref.EN_PRESENTIEL],
        "zone_eligibilite": [action.departement_id],
        "mobilisable_par": [PROFESSIONNELS],
        "modes_mobilisation": [TELEPHONER, ENVOYER_UN_COURRIEL],
        "mobilisation_precisions": (
            "Inscription par le conseiller ou le travailleur social qui accompagne la personne, avec son accord."
        ),
        "organisation": porteur,
        "departement_id": action.departement_id,
        "adresse": structure.adresse,
        "commune": structure.commune,
        "code_postal": structure.code_postal,
        "code_insee": structure.code_insee,
        "telephone": structure.telephone or (porteur.telephone if porteur else ""),
        "courriel": structure.courriel or (porteur.courriel if porteur else ""),
        "contact_reserve_professionnels": True,
    }
