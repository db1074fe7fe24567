"""Écritures des fiches de l'annuaire : structures, services, modération, vérification, signalements,
correspondance frein → thématiques. Chaque fonction publique est une transaction durable qui écrit sa ligne
d'historique (``binome.core.historique``)."""

import uuid

import pydantic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from binome.core.historique import sauver, tracer
from binome.core.texte import normaliser
from binome.ressources import datainclusion as di
from binome.ressources import envois, notifications, selectors
from binome.ressources import referentiels as ref
from binome.ressources.derives import preparer, synchroniser_index
from binome.ressources.models import (
    CorrespondanceFrein,
    Service,
    ServiceThematique,
    SignalementErreur,
    StatutService,
    Structure,
)

# --- Structures et services --------------------------------------------------------------------------

SOURCE_BINOME = "binome"


def _nouvel_identifiant(nom: str) -> str:
    """Identifiant data·inclusion d'une fiche saisie dans Binôme : « binome--<nom>-<8 caractères> »."""
    return f"{SOURCE_BINOME}--{normaliser(nom).replace(' ', '-')[:60]}-{uuid.uuid4().hex[:8]}"


def _valider(objet) -> None:
    """Refuse un enregistrement qui ne valide pas contre le schéma data·inclusion v1."""
    try:
        if isinstance(objet, Service):
            di.valider_service(di.service_vers_di(objet, avec_contact_reserve=True))
        else:
            di.valider_structure(di.structure_vers_di(objet))
    except pydantic.ValidationError as exc:
        raise ValidationError(
            _("La fiche n'est pas conforme au schéma data·inclusion : %(detail)s") % {"detail": di.expliquer(exc)}
        ) from exc


def _statut_a_la_creation(acteur) -> str:
    """Règle de publication : une fiche créée par qui modère l'annuaire (administrateur départemental,
    super-administrateur) est publiée ; créée par un partenaire, elle attend sa validation (« à valider »)."""
    return StatutService.PUBLIE if selectors.modere_l_annuaire(acteur) else StatutService.A_VALIDER


def structure_enregistrer(*, acteur, structure: Structure) -> Structure:
    """Crée (identifiant déduit du nom) ou modifie une structure saisie dans Binôme."""
    with transaction.atomic(durable=True):
        if not structure.pk:
            structure.pk = _nouvel_identifiant(structure.nom)
        if not structure.date_maj:
            structure.date_maj = timezone.localdate()
        _valider(structure)
        preparer([structure])
        sauver(structure, acteur=acteur, raison=_("Structure enregistrée"))
        # Les services héritent du nom de la structure dans leur texte de recherche.
        services = list(structure.services.all())
        if services:
            for service in services:
                service.calculer_derives(structure=structure)
            Service.objects.bulk_update(services, ["texte_recherche"])
    return structure


def service_enregistrer(*, acteur, service: Service, verifie: bool = True) -> Service:
    """Crée ou modifie un service saisi dans Binôme (formulaire) ; une saisie vaut vérification.

    À la création : identifiant déduit du nom, organisation mainteneuse de la structure, statut selon
    ``_statut_a_la_creation``."""
    with transaction.atomic(durable=True):
        if service._state.adding:
            if not service.pk:
                service.pk = _nouvel_identifiant(service.nom)
            service.statut = _statut_a_la_creation(acteur)
        aujourdhui = timezone.localdate()
        service.date_maj = aujourdhui
        if verifie:
            service.date_verification = aujourdhui
            service.rappel_envoye_le = None
        if not service.organisation_id and service.structure_id:
            service.organisation_id = service.structure.organisation_id
        _valider(service)
        preparer([service])
        sauver(service, acteur=acteur, raison=_("Service enregistré"))
        synchroniser_index([service])
    return service


def service_verifier(*, acteur, service: Service) -> Service:
    """« Les informations sont toujours exactes » : repousse la prochaine vérification."""
    with transaction.atomic(durable=True):
        service.date_verification = timezone.localdate()
        service.rappel_envoye_le = None
        service.calculer_derives()
        sauver(service, acteur=acteur, raison=_("Fiche vérifiée"))
    return service


def service_moderer(*, acteur, service: Service, statut: str, motif: str = "") -> Service:
    with transaction.atomic(durable=True):
        if statut not in StatutService.values:
            raise ValidationError(_("Statut inconnu."))
        if statut == StatutService.MASQUE and not motif.strip():
            raise ValidationError(_("Indiquez le motif du masquage : il sera transmis au mainteneur."))
        service.statut = statut
        service.motif_moderation = motif.strip()
        sauver(
            service,
            acteur=acteur,
            raison=_("Fiche modérée"),
            update_fields=["statut", "motif_moderation", "modifie_le"],
        )
        ServiceThematique.objects.filter(service=service).update(publie=statut == StatutService.PUBLIE)
    return service


# --- Signalements ------------------------------------------------------------------------------------


def signalement_creer(*, acteur, service: Service, message: str) -> SignalementErreur:
    with transaction.atomic(durable=True):
        message = (message or "").strip()
        if len(message) < 5:
            raise ValidationError(_("Décrivez l'erreur constatée (au moins 5 caractères)."))
        signalement = SignalementErreur(service=service, auteur=acteur, message=message)
        sauver(signalement, acteur=acteur, raison=_("Erreur signalée"))
        transaction.on_commit(lambda: _notifier_signalement(signalement.pk))
    return signalement


def _notifier_signalement(pk: int) -> None:
    envois.notifier_signalement.enqueue(pk)


def signalement_traiter(
    *, acteur, signalement: SignalementErreur, statut: str, reponse: str = ""
) -> SignalementErreur:
    with transaction.atomic(durable=True):
        if statut not in (SignalementErreur.Statut.TRAITE, SignalementErreur.Statut.REJETE):
            raise ValidationError(_("Choisissez « traité » ou « sans suite »."))
        signalement.statut = statut
        signalement.reponse = (reponse or "").strip()
        signalement.traite_par = acteur
        signalement.traite_le = timezone.now()
        sauver(signalement, acteur=acteur, raison=_("Signalement traité"))
    return signalement


# --- Correspondance frein → thématiques -------------------------------------------------------------------


def correspondance_modifier(*, acteur, departement_code: str, code: str, nature: str, thematiques: list[str]):
    with transaction.atomic(durable=True):
        inconnues = [t for t in thematiques if t not in ref.THEMATIQUES]
        if inconnues:
            raise ValidationError(_("Thématiques inconnues : %(liste)s") % {"liste": ", ".join(inconnues)})
        correspondance, _cree = CorrespondanceFrein.objects.get_or_create(
            departement_id=departement_code, code=code, defaults={"nature": nature}
        )
        correspondance.nature = nature
        correspondance.thematiques = sorted(set(thematiques))
        correspondance.modifie_par = acteur
        sauver(correspondance, acteur=acteur, raison=_("Correspondance départementale modifiée"))
    return correspondance


def correspondance_retablir(*, acteur, departement_code: str, code: str) -> None:
    """Supprime la surcharge départementale : la correspondance nationale s'applique de nouveau."""
    with transaction.atomic(durable=True):
        for correspondance in CorrespondanceFrein.objects.filter(departement_id=departement_code, code=code):
            tracer(correspondance, acteur=acteur, raison=_("Correspondance nationale rétablie"))
            correspondance.delete()


# --- Rappels de vérification -----------------------------------------------------------------------------


def rappels_verification_envoyer(*, aujourdhui=None) -> int:
    """Envoie les rappels des fiches à vérifier (tâche de fond) et note la date du rappel sur chaque fiche,
    avec sa ligne d'historique ; renvoie le nombre de courriels."""
    with transaction.atomic(durable=True):
        services = list(notifications.services_a_relancer(aujourdhui))
        envoyes = notifications.envoyer_rappels_verification(services)
        maintenant = timezone.now()
        for service in services:
            service.rappel_envoye_le = maintenant
        bulk_update_with_history(
            services,
            Service,
            ["rappel_envoye_le"],
            batch_size=500,
            default_change_reason=_("Rappel de vérification envoyé"),
        )
    return envoyes
