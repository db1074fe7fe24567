"""Écritures de l'annuaire : chaque fonction est une transaction qui laisse l'historique à jour."""

import uuid
from collections.abc import Iterable
from datetime import timedelta

import pydantic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement.services.plan import action_modifier
from binome.comptes.selectors import habilitations
from binome.core.texte import normaliser
from binome.organisations.models import ParametresDepartement
from binome.ressources import datainclusion as di
from binome.ressources import envois
from binome.ressources import referentiels as ref
from binome.ressources.models import (
    CorrespondanceFrein,
    OrientationService,
    Service,
    ServiceThematique,
    SignalementErreur,
    StatutOrientationService,
    StatutService,
    Structure,
    ZoneEligibilite,
)
from binome.territoires.models import Commune, Departement

# --- Dérivés : département, coordonnées, tables de recherche ------------------------------------------


def _communes(codes: Iterable[str]) -> dict[str, tuple[str, float | None, float | None]]:
    codes = {c for c in codes if c}
    if not codes:
        return {}
    return {
        code: (dept, lat, lon)
        for code, dept, lat, lon in Commune.objects.filter(code_insee__in=codes).values_list(
            "code_insee", "departement_id", "latitude", "longitude"
        )
    }


def _departement_du_code(code_insee: str, departements: set[str]) -> str | None:
    if not code_insee:
        return None
    for longueur in (3, 2):
        if code_insee[:longueur] in departements:
            return code_insee[:longueur]
    return None


def preparer(objets: list, *, structures: dict[str, Structure] | None = None) -> None:
    """Complète département et coordonnées (centre de la commune à défaut), et les dérivés des services."""
    communes = _communes(o.code_insee for o in objets)
    departements = None
    for objet in objets:
        commune = communes.get(objet.code_insee)
        if commune:
            dept, lat, lon = commune
            objet.departement_id = dept
            if objet.latitude is None or objet.longitude is None:
                objet.latitude, objet.longitude = lat, lon
        elif objet.code_insee:
            if departements is None:
                departements = set(Departement.objects.values_list("code", flat=True))
            objet.departement_id = _departement_du_code(objet.code_insee, departements)
        if isinstance(objet, Service):
            structure = (structures or {}).get(objet.structure_id) or objet.structure
            if not objet.departement_id:
                objet.departement_id = structure.departement_id
            objet.calculer_derives(structure=structure)
            objet.score_qualite = di.calculer_score(objet)


def synchroniser_index(services: list[Service]) -> None:
    """Recrée les lignes de ``ServiceThematique`` et ``ZoneEligibilite`` des services donnés."""
    ids = [s.pk for s in services]
    ServiceThematique.objects.filter(service_id__in=ids).delete()
    ZoneEligibilite.objects.filter(service_id__in=ids).delete()
    ServiceThematique.objects.bulk_create(lignes_thematiques(services), batch_size=2000)
    ZoneEligibilite.objects.bulk_create(lignes_zones(services), batch_size=2000)


def lignes_thematiques(services: list[Service]) -> list[ServiceThematique]:
    return [
        ServiceThematique(
            service_id=s.pk,
            thematique=t,
            categorie=ref.categorie_de(t),
            publie=s.statut == StatutService.PUBLIE,
            en_presentiel=s.en_presentiel,
            a_distance=s.a_distance,
            latitude=s.latitude,
            longitude=s.longitude,
            zone_cle=s.zone_cle,
            score_qualite=s.score_qualite,
        )
        for s in services
        for t in sorted(set(s.thematiques or []))
    ]


def lignes_zones(services: list[Service]) -> list[ZoneEligibilite]:
    return [
        ZoneEligibilite(service_id=s.pk, type=ref.type_de_zone(code), code=code)
        for s in services
        for code in ref.codes_de_zone(s.zone_eligibilite)
    ]


# --- Structures et services --------------------------------------------------------------------------

SOURCE_BINOME = "binome"


def nouvel_identifiant(nom: str) -> str:
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


def structure_enregistrer(*, acteur, structure: Structure) -> Structure:
    if not structure.date_maj:
        structure.date_maj = timezone.localdate()
    _valider(structure)
    with transaction.atomic():
        preparer([structure])
        structure._history_user = acteur
        structure.save()
        # Les services héritent du nom de la structure dans leur texte de recherche.
        services = list(structure.services.all())
        if services:
            for service in services:
                service.calculer_derives(structure=structure)
            Service.objects.bulk_update(services, ["texte_recherche"])
    return structure


def service_enregistrer(*, acteur, service: Service, verifie: bool = True) -> Service:
    """Crée ou modifie un service saisi dans Binôme (formulaire) ; une saisie vaut vérification."""
    aujourdhui = timezone.localdate()
    service.date_maj = aujourdhui
    if verifie:
        service.date_verification = aujourdhui
        service.rappel_envoye_le = None
    if not service.organisation_id and service.structure_id:
        service.organisation_id = service.structure.organisation_id
    _valider(service)
    with transaction.atomic():
        preparer([service])
        service._history_user = acteur
        service.save()
        synchroniser_index([service])
    return service


def service_verifier(*, acteur, service: Service) -> Service:
    """« Les informations sont toujours exactes » : repousse la prochaine vérification."""
    with transaction.atomic():
        service.date_verification = timezone.localdate()
        service.rappel_envoye_le = None
        service.calculer_derives()
        service._history_user = acteur
        service.save()
    return service


def service_moderer(*, acteur, service: Service, statut: str, motif: str = "") -> Service:
    if statut not in StatutService.values:
        raise ValidationError(_("Statut inconnu."))
    if statut == StatutService.MASQUE and not motif.strip():
        raise ValidationError(_("Indiquez le motif du masquage : il sera transmis au mainteneur."))
    with transaction.atomic():
        service.statut = statut
        service.motif_moderation = motif.strip()
        service._history_user = acteur
        service.save(update_fields=["statut", "motif_moderation", "modifie_le"])
        ServiceThematique.objects.filter(service=service).update(publie=statut == StatutService.PUBLIE)
    return service


# --- Signalements ------------------------------------------------------------------------------------


def signalement_creer(*, acteur, service: Service, message: str) -> SignalementErreur:
    message = (message or "").strip()
    if len(message) < 5:
        raise ValidationError(_("Décrivez l'erreur constatée (au moins 5 caractères)."))
    with transaction.atomic():
        signalement = SignalementErreur(service=service, auteur=acteur, message=message)
        signalement._history_user = acteur
        signalement.save()
        transaction.on_commit(lambda: _notifier_signalement(signalement.pk))
    return signalement


def _notifier_signalement(pk: int) -> None:
    envois.notifier_signalement.enqueue(pk)


def signalement_traiter(
    *, acteur, signalement: SignalementErreur, statut: str, reponse: str = ""
) -> SignalementErreur:
    if statut not in (SignalementErreur.Statut.TRAITE, SignalementErreur.Statut.REJETE):
        raise ValidationError(_("Choisissez « traité » ou « sans suite »."))
    with transaction.atomic():
        signalement.statut = statut
        signalement.reponse = (reponse or "").strip()
        signalement.traite_par = acteur
        signalement.traite_le = timezone.now()
        signalement._history_user = acteur
        signalement.save()
    return signalement


# --- Correspondance frein → thématiques -------------------------------------------------------------------


def correspondance_modifier(*, acteur, departement_code: str, code: str, nature: str, thematiques: list[str]):
    inconnues = [t for t in thematiques if t not in ref.THEMATIQUES]
    if inconnues:
        raise ValidationError(_("Thématiques inconnues : %(liste)s") % {"liste": ", ".join(inconnues)})
    with transaction.atomic():
        correspondance, _cree = CorrespondanceFrein.objects.get_or_create(
            departement_id=departement_code, code=code, defaults={"nature": nature}
        )
        correspondance.nature = nature
        correspondance.thematiques = sorted(set(thematiques))
        correspondance.modifie_par = acteur
        correspondance._history_user = acteur
        correspondance.save()
    return correspondance


def correspondance_retablir(*, acteur, departement_code: str, code: str) -> None:
    """Supprime la surcharge départementale : la correspondance nationale s'applique de nouveau."""
    with transaction.atomic():
        for correspondance in CorrespondanceFrein.objects.filter(departement_id=departement_code, code=code):
            correspondance._history_user = acteur
            correspondance.delete()


# --- Du plan au service : rattachement et orientation --------------------------------------------------


def action_rattacher_service(*, acteur, action, service: Service):
    """Rattache un service de l'annuaire à une action du plan (brouillon), par le service de l'accompagnement.

    Les règles du plan (droit d'écriture, version non signée, verrou optimiste) restent celles de
    ``binome.accompagnement.services.plan.action_modifier`` ; seul le service rattaché change.
    """
    if service.statut != StatutService.PUBLIE:
        raise ValidationError(_("Ce service n'est pas publié : il ne peut pas être rattaché."))
    return action_modifier(
        acteur=acteur,
        action=action,
        revision=action.revision,
        cote=action.cote,
        porteur=action.porteur,
        element_referentiel=action.element_referentiel,
        libelle_libre=action.libelle_libre,
        objectif=action.objectif,
        porteur_precision=action.porteur_precision,
        echeance=action.echeance,
        statut=action.statut,
        service_ressource_id=service.pk,
    )


def delai_expiration_jours(departement_code: str | None) -> int:
    parametres = ParametresDepartement.objects.filter(departement_id=departement_code).first()
    if parametres is None:
        return ParametresDepartement._meta.get_field("expiration_orientation_service_jours").default
    return parametres.expiration_orientation_service_jours


def orientation_envoyer(
    *, acteur, personne, service: Service, adhesion_le, message: str = "", contact: str = "", action=None
) -> OrientationService:
    """Oriente la personne vers le service. ``personne`` vient de ``binome.accompagnement.selectors``."""
    aujourdhui = timezone.localdate()
    if adhesion_le is None:
        raise ValidationError(_("Indiquez la date à laquelle la personne a donné son accord."))
    if adhesion_le > aujourdhui:
        raise ValidationError(_("La date de l'accord de la personne ne peut pas être dans le futur."))
    if service.statut != StatutService.PUBLIE:
        raise ValidationError(_("Ce service n'est pas publié : on ne peut pas y orienter."))
    if action is not None and action.plan.parcours.personne_id != personne.pk:
        raise ValidationError(_("Cette action n'appartient pas au plan de cette personne."))
    if not (personne.prenom or personne.nom):
        raise ValidationError(_("La personne n'a pas de nom : impossible de l'orienter."))
    habs = [h for h in habilitations(acteur) if h.departement_code == personne.departement_id]
    with transaction.atomic():
        orientation = OrientationService(
            personne=personne,
            action=action,
            service=service,
            emetteur=acteur,
            organisation_emetteur_id=habs[0].organisation_id if habs else None,
            adhesion_le=adhesion_le,
            transmis_prenom=personne.prenom,
            transmis_nom=personne.nom,
            transmis_contact=(contact or "").strip()[:200],
            message=(message or "").strip()[:1000],
            expire_le=aujourdhui + timedelta(days=delai_expiration_jours(personne.departement_id)),
        )
        orientation._history_user = acteur
        orientation.save()
        transaction.on_commit(lambda: _notifier_orientation(orientation.pk))
    return orientation


def _notifier_orientation(pk: int) -> None:
    envois.notifier_orientation.enqueue(pk)


def orientation_repondre(*, acteur, orientation: OrientationService, statut: str, motif: str = ""):
    """Le service destinataire accepte, ou refuse avec un motif, une orientation encore en attente."""
    if orientation.statut != StatutOrientationService.ENVOYEE:
        raise ValidationError(
            _("Cette orientation est déjà « %(s)s » : elle ne peut plus recevoir de réponse.")
            % {"s": orientation.get_statut_display()}
        )
    if statut not in (StatutOrientationService.ACCEPTEE, StatutOrientationService.REFUSEE):
        raise ValidationError(_("Réponse inconnue."))
    motif = (motif or "").strip()
    if statut == StatutOrientationService.REFUSEE and not motif:
        raise ValidationError(_("Indiquez le motif du refus : il est transmis au professionnel qui a orienté."))
    with transaction.atomic():
        orientation.statut = statut
        orientation.motif_refus = motif if statut == StatutOrientationService.REFUSEE else ""
        orientation.repondue_le = timezone.now()
        orientation.repondue_par = acteur
        orientation._history_user = acteur
        orientation.save()
    return orientation


def orientations_expirer(*, aujourdhui=None) -> int:
    """Passe en « expirée » les orientations sans réponse dont le délai est dépassé (tâche de fond quotidienne)."""
    aujourdhui = aujourdhui or timezone.localdate()
    expirees = 0
    with transaction.atomic():
        for orientation in OrientationService.objects.select_for_update().filter(
            statut=StatutOrientationService.ENVOYEE, expire_le__lt=aujourdhui
        ):
            orientation.statut = StatutOrientationService.EXPIREE
            orientation.save(update_fields=["statut", "modifie_le"])
            expirees += 1
    return expirees
