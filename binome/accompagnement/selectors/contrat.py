"""Le contrat d'engagement (plan d'action signé ou à signer) : une fonction de contexte pour la page imprimable
et pour le PDF (``binome.core.pdf``), le parcours ayant déjà été obtenu par ``parcours_pour``.

Secret partagé : le contrat montre ce que montrait la version imprimable (identité, binôme, objectifs et actions
de la version, lisibles de quiconque ouvre le dossier), rien des champs de ``secret_partage.CHAMPS_RESTREINTS``.

Les services de l'annuaire rattachés aux actions sont ceux que l'acteur peut consulter (``services_rattaches``) :
nom, adresse et téléphone (sauf contact réservé aux professionnels : le contrat est remis à la personne).
"""

import datetime

from binome.accompagnement import annuaire
from binome.accompagnement.contenu_plan import contenu_lisible
from binome.accompagnement.models import Parcours
from binome.accompagnement.selectors.plan import plan_version


def _actions(contenu: dict):
    for objectif in contenu.get("objectifs", []):
        yield from objectif.get("actions", [])
    yield from contenu.get("actions_sans_objectif", [])


def _coordonnees(service) -> dict:
    """Nom, adresse et téléphone d'un service de l'annuaire (ceux de sa structure à défaut)."""
    structure = service.structure
    adresse = service.adresse or structure.adresse
    complement = service.complement_adresse if service.adresse else structure.complement_adresse
    code_postal, commune = (
        (service.code_postal, service.commune) if service.commune else (structure.code_postal, structure.commune)
    )
    telephone = "" if service.contact_reserve_professionnels else (service.telephone or structure.telephone)
    return {
        "nom": service.nom,
        "structure": structure.nom,
        "adresse": ", ".join(p for p in (adresse, complement, f"{code_postal} {commune}".strip()) if p),
        "telephone": telephone,
    }


def _avec_services(acteur, contenu: dict) -> dict:
    """Copie du contenu dont chaque action rattachée porte ``service`` (coordonnées, ou ``None`` si retiré)."""
    contenu = {
        **contenu,
        "objectifs": [{**o, "actions": [dict(a) for a in o.get("actions", [])]} for o in contenu.get("objectifs", [])],
        "actions_sans_objectif": [dict(a) for a in contenu.get("actions_sans_objectif", [])],
    }
    services = annuaire.services_consultables(acteur, {a.get("service_ressource_id") for a in _actions(contenu)})
    for action in _actions(contenu):
        service = services.get(action.get("service_ressource_id") or "")
        action["service"] = _coordonnees(service) if service is not None else None
    return contenu


def contrat_engagement(acteur, parcours: Parcours, version: int) -> dict:
    """Contexte du contrat d'engagement de la ``version`` du plan (404 si elle n'existe pas)."""
    plan = plan_version(parcours, version)
    contenu = _avec_services(acteur, contenu_lisible(plan))
    signe_le = contenu.get("signe_le")
    return {
        "parcours": parcours,
        "plan": plan,
        "personne": parcours.personne,
        "departement": parcours.departement,
        "contenu": contenu,
        "signature": {
            "date": datetime.date.fromisoformat(signe_le) if signe_le else None,
            "lieu": contenu.get("lieu_signature", ""),
        },
    }


def lieu_signature_propose(acteur, parcours: Parcours) -> str:
    """La commune de l'organisation de l'acteur dans le binôme (celle du conseiller à défaut) : proposée à la
    signature, modifiable."""
    organisation = (
        parcours.organisation_referent
        if acteur.pk == parcours.referent_social_id and parcours.organisation_referent_id
        else parcours.organisation_conseiller or parcours.organisation_referent
    )
    commune = getattr(organisation, "commune", None)
    return commune.nom if commune is not None else ""
