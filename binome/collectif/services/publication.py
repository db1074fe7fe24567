"""Écritures de la publication d'une action collective dans l'annuaire (service data·inclusion « atelier »).

``action_publier`` crée le service (et, au besoin, la structure de l'organisation qui porte l'action) ou le remet
à jour, ``action_depublier`` le retire de l'annuaire sans le supprimer (même identifiant à la republication ;
les orientations passées vers ce service restent lisibles). Règle de publication de l'annuaire : publié d'emblée
par qui modère l'annuaire (administrateur départemental), « à valider » sinon. ``service_publie_maintenir`` est
l'aide non durable qu'un service de modification de l'action appelle dans sa propre transaction pour que la fiche
suive l'action (titre, description, thème, public).
"""

import uuid

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.collectif import publication
from binome.collectif.models import ActionCollective
from binome.core.historique import sauver
from binome.core.texte import normaliser
from binome.ressources import datainclusion as di
from binome.ressources.derives import preparer, synchroniser_index
from binome.ressources.models import Service, ServiceThematique, StatutService, Structure
from binome.ressources.selectors import modere_l_annuaire


def _identifiant(nom: str) -> str:
    """Identifiant data·inclusion d'une fiche saisie dans Binôme (même forme que ``ressources.services``)."""
    return f"{publication.SOURCE}--{normaliser(nom).replace(' ', '-')[:60]}-{uuid.uuid4().hex[:8]}"


def _valider(objet) -> None:
    try:
        if isinstance(objet, Service):
            di.valider_service(di.service_vers_di(objet, avec_contact_reserve=True))
        else:
            di.valider_structure(di.structure_vers_di(objet))
    except pydantic.ValidationError as exc:
        raise ValidationError(
            _("La fiche n'est pas conforme au schéma data·inclusion : %(detail)s") % {"detail": di.expliquer(exc)}
        ) from exc


def _structure(action: ActionCollective, *, acteur) -> Structure:
    structure = publication.structure_existante(action)
    if structure is not None:
        return structure
    if action.organisation_id is None:
        raise ValidationError(_("Indiquez l'organisation ou la structure partenaire qui porte l'action."))
    structure = Structure(**publication.champs_structure(action), date_maj=timezone.localdate())
    structure.pk = _identifiant(structure.nom)
    _valider(structure)
    preparer([structure])
    return sauver(structure, acteur=acteur, raison=_("Structure créée pour publier une action collective"))


def _exiger(acteur, action: ActionCollective) -> None:
    if not publication.peut_publier(acteur, action):
        raise PermissionDenied(_("Vous ne pouvez pas publier cette action collective."))


def service_publie_maintenir(*, acteur, action: ActionCollective, statut: str | None = None) -> Service | None:
    """Crée ou met à jour le service de l'action (non durable : à appeler dans la transaction d'un service)."""
    with transaction.atomic():
        if action.service_id is None and statut is None:
            return None  # jamais publiée : une modification de l'action ne la publie pas
        structure = _structure(action, acteur=acteur)
        service = action.service or Service(pk=_identifiant(action.titre))
        for champ, valeur in publication.champs_du_service(action, structure).items():
            setattr(service, champ, valeur)
        aujourdhui = timezone.localdate()
        service.date_maj = service.date_verification = aujourdhui
        service.rappel_envoye_le = None
        if statut is not None:
            service.statut, service.motif_moderation = statut, ""
        _valider(service)
        preparer([service])
        sauver(service, acteur=acteur, raison=_("Service de l'action collective « %(titre)s »") % {"titre": action})
        synchroniser_index([service])
        ServiceThematique.objects.filter(service=service).update(publie=service.statut == StatutService.PUBLIE)
        if action.service_id != service.pk:
            action.service = service
            sauver(action, acteur=acteur, raison=_("Action publiée dans l'annuaire"), update_fields=["service"])
    return service


def action_publier(*, acteur, action: ActionCollective) -> Service:
    """Publie l'action dans l'annuaire (ou remet à jour sa fiche) ; « à valider » si l'acteur ne modère pas."""
    with transaction.atomic(durable=True):
        _exiger(acteur, action)
        if not action.proposee:
            raise ValidationError(_("Cette action n'est plus proposée : elle ne peut pas être publiée."))
        deja_publie = action.service_id and action.service.statut == StatutService.PUBLIE
        statut = StatutService.PUBLIE if deja_publie or modere_l_annuaire(acteur) else StatutService.A_VALIDER
        return service_publie_maintenir(acteur=acteur, action=action, statut=statut)


def action_depublier(*, acteur, action: ActionCollective) -> Service | None:
    """Retire la fiche de l'annuaire (masquée, gardée pour une republication) ; rien si elle n'est pas publiée."""
    with transaction.atomic(durable=True):
        _exiger(acteur, action)
        service = action.service
        if service is None or service.statut == StatutService.MASQUE:
            return service
        service.statut = StatutService.MASQUE
        service.motif_moderation = _("Action collective retirée de l'annuaire par son organisateur.")
        sauver(
            service,
            acteur=acteur,
            raison=_("Action collective retirée de l'annuaire"),
            update_fields=["statut", "motif_moderation", "modifie_le"],
        )
        ServiceThematique.objects.filter(service=service).update(publie=False)
    return service
