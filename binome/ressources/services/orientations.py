"""Du plan au service : rattachement d'un service à une action, orientations vers un service et leurs
réponses, expiration. Chaque fonction publique est une transaction durable avec sa ligne d'historique."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.accompagnement.services.plan import action_modifier
from binome.core.historique import sauver
from binome.ressources import envois
from binome.ressources.models import (
    OrientationService,
    Service,
    StatutOrientationService,
    StatutService,
)

# --- Du plan au service : rattachement et orientation --------------------------------------------------


def action_rattacher_service(*, acteur, action, service: Service):
    """Rattache un service de l'annuaire à une action du plan (brouillon), par le service de l'accompagnement.

    Les règles du plan (droit d'écriture, version non signée, verrou optimiste) restent celles de
    ``binome.accompagnement.services.plan.action_modifier`` ; seul le service rattaché change.

    Exception motivée à « une transaction par service » : aucune transaction ouverte ici, car la seule
    écriture est celle d'``action_modifier``, service de premier niveau de l'accompagnement qui ouvre sa propre
    transaction (durable) ; le contrôle qui précède ne fait que lire.
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


def _delai_expiration_jours(departement_code: str | None) -> int:
    from binome.organisations.models import ParametresDepartement

    parametres = ParametresDepartement.objects.filter(departement_id=departement_code).first()
    if parametres is None:
        return ParametresDepartement._meta.get_field("expiration_orientation_service_jours").default
    return parametres.expiration_orientation_service_jours


def orientation_envoyer(
    *, acteur, personne, service: Service, adhesion_le, message: str = "", contact: str = "", action=None
) -> OrientationService:
    """Oriente la personne vers le service. ``personne`` vient de ``binome.accompagnement.selectors``."""
    with transaction.atomic(durable=True):
        from binome.comptes.selectors import habilitations

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
            expire_le=aujourdhui + timedelta(days=_delai_expiration_jours(personne.departement_id)),
        )
        sauver(orientation, acteur=acteur, raison=_("Orientation envoyée"))
        _chronologie(
            orientation,
            TypeEvenement.ORIENTATION_SERVICE_ENVOYEE,
            _("Orientée vers « %(service)s » (%(structure)s), avec son accord du %(date)s")
            % {**_noms(orientation), "date": adhesion_le.strftime("%d/%m/%Y")},
            acteur=acteur,
        )
        transaction.on_commit(lambda: _notifier_orientation(orientation.pk))
    return orientation


def _notifier_orientation(pk: int) -> None:
    envois.notifier_orientation.enqueue(pk)


def _noms(orientation: OrientationService) -> dict:
    return {"service": orientation.service.nom, "structure": orientation.service.structure.nom}


def _chronologie(orientation: OrientationService, type_: str, libelle: str, *, acteur) -> None:
    """L'orientation dans la chronologie de la personne, lue par les deux membres du binôme (service de
    l'accompagnement : l'annuaire écrit chez lui, l'accompagnement ne lit pas l'annuaire)."""
    action = orientation.action
    evenement_enregistrer(
        personne=orientation.personne,
        parcours=action.plan.parcours if action is not None else None,
        type=type_,
        libelle=libelle,
        acteur=acteur,
    )


def orientation_repondre(*, acteur, orientation: OrientationService, statut: str, motif: str = ""):
    """Le service destinataire accepte, ou refuse avec un motif, une orientation encore en attente."""
    with transaction.atomic(durable=True):
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
        orientation.statut = statut
        orientation.motif_refus = motif if statut == StatutOrientationService.REFUSEE else ""
        orientation.repondue_le = timezone.now()
        orientation.repondue_par = acteur
        sauver(orientation, acteur=acteur, raison=_("Réponse du service"))
        if statut == StatutOrientationService.ACCEPTEE:
            libelle = _("Orientation vers « %(service)s » (%(structure)s) acceptée par le service")
        else:
            libelle = _("Orientation vers « %(service)s » (%(structure)s) refusée par le service")
        _chronologie(
            orientation, TypeEvenement.ORIENTATION_SERVICE_REPONDUE, libelle % _noms(orientation), acteur=acteur
        )
        transaction.on_commit(lambda: envois.notifier_reponse_orientation.enqueue(orientation.pk))
    return orientation


def orientations_expirer(*, aujourdhui=None) -> int:
    """Passe en « expirée » les orientations sans réponse dont le délai est dépassé (tâche de fond quotidienne)."""
    with transaction.atomic(durable=True):
        aujourdhui = aujourdhui or timezone.localdate()
        expirees = 0
        for orientation in (
            OrientationService.objects.select_for_update(of=("self",))
            .filter(statut=StatutOrientationService.ENVOYEE, expire_le__lt=aujourdhui)
            .select_related("service__structure", "personne", "action__plan")
            .order_by("pk")
        ):
            orientation.statut = StatutOrientationService.EXPIREE
            sauver(
                orientation,
                acteur=None,
                raison=_("Orientation expirée sans réponse"),
                update_fields=["statut", "modifie_le"],
            )
            _chronologie(
                orientation,
                TypeEvenement.ORIENTATION_SERVICE_EXPIREE,
                _("Orientation vers « %(service)s » (%(structure)s) expirée sans réponse") % _noms(orientation),
                acteur=None,
            )
            expirees += 1
    return expirees
