"""Qui voit et qui modifie quoi dans l'annuaire (seul endroit qui en décide).

- Tout professionnel connecté (au moins une habilitation active, ou super-administrateur)
  consulte l'annuaire : les services publiés, et leur contact, même « réservé aux professionnels »
  (ce contact ne sort jamais par l'export ouvert).
- Un partenaire modifie les services et structures de SON organisation (organisation mainteneuse).
- L'administrateur départemental modifie et modère ceux de son département, et y paramètre la
  correspondance frein → thématiques.
- Partout ailleurs : 404.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import selectors as selectors_accompagnement
from binome.accompagnement.models import Action
from binome.comptes.models import Role
from binome.comptes.selectors import (
    departements_administres,
    est_super_admin,
    habilitations,
    organisations_du_role,
)
from binome.organisations.models import TYPES_NATIONAUX, Organisation
from binome.ressources import freins
from binome.ressources.models import (
    CorrespondanceFrein,
    OrientationService,
    Service,
    SignalementErreur,
    StatutOrientationService,
    StatutService,
    Structure,
)
from binome.territoires.models import Departement

_RIEN = Q(pk__in=[])


def est_professionnel(acteur) -> bool:
    return est_super_admin(acteur) or bool(habilitations(acteur))


def exiger_professionnel(acteur) -> None:
    """L'annuaire et ses orientations n'existent que pour un professionnel : 404 sinon."""
    if not est_professionnel(acteur):
        raise Http404


def _q_maintenance_service(acteur) -> Q | None:
    """Condition « l'acteur peut modifier ce service » ; ``None`` = tout (super-administrateur)."""
    departements = departements_administres(acteur)
    if departements is None:
        return None
    condition = _RIEN
    if departements:
        condition |= Q(departement__in=departements)
    organisations = organisations_du_role(acteur, Role.PARTENAIRE)
    if organisations:
        condition |= Q(organisation__in=organisations)
    return condition


# --- Consultation -----------------------------------------------------------------------------------------


def services_publies(acteur) -> QuerySet[Service]:
    """Base de la recherche : les services publiés, pour un professionnel ; rien sinon."""
    if not est_professionnel(acteur):
        return Service.objects.none()
    return Service.objects.filter(statut=StatutService.PUBLIE)


def services_consultables(acteur, identifiants: set[str]) -> dict[str, Service]:
    """``{identifiant: Service}`` des services publiés parmi ``identifiants``, en une requête : ce que le plan
    d'action affiche d'une action rattachée (branché dans ``binome.accompagnement.annuaire``)."""
    # Avec la structure : le contrat d'engagement imprime l'adresse et le téléphone (ceux de la structure à défaut).
    return {s.pk: s for s in services_publies(acteur).filter(pk__in=identifiants).select_related("structure")}


def service_pour(acteur, service_id: str) -> Service:
    """Fiche d'un service : publiée (tout professionnel) ou maintenue par l'acteur ; 404 sinon."""
    if not est_professionnel(acteur):
        raise Http404
    condition = Q(statut=StatutService.PUBLIE)
    maintenance = _q_maintenance_service(acteur)
    condition = Q() if maintenance is None else condition | maintenance
    service = (
        Service.objects.filter(condition, pk=service_id)
        .select_related("structure", "organisation", "departement")
        .first()
    )
    if service is None:
        raise Http404
    return service


def voit_contact(acteur, service: Service) -> bool:
    """Le contact (même réservé aux professionnels) n'est montré qu'à un professionnel connecté."""
    return est_professionnel(acteur) or not service.contact_reserve_professionnels


# --- Maintenance --------------------------------------------------------------------------------------------


def peut_maintenir(acteur) -> bool:
    return est_super_admin(acteur) or bool(
        departements_administres(acteur) or organisations_du_role(acteur, Role.PARTENAIRE)
    )


def exiger_maintenance(acteur) -> None:
    """Écrans de gestion des fiches : 403 pour qui ne maintient aucune fiche."""
    if not peut_maintenir(acteur):
        raise PermissionDenied(_("La gestion des fiches est réservée aux partenaires et aux administrateurs."))


def modere_l_annuaire(acteur) -> bool:
    """Administrateur départemental ou super-administrateur : publie sans validation, modère, importe."""
    departements = departements_administres(acteur)
    return departements is None or bool(departements)


def services_a_gerer(acteur, *, a_verifier: bool = False, statut: str = "") -> QuerySet[Service]:
    """Fiches que l'acteur maintient (écran de gestion), filtrées, triées par nom."""
    qs = services_modifiables(acteur)
    if a_verifier:
        qs = qs.filter(date_prochaine_verification__lt=timezone.localdate()).exclude(frequence_verification=0)
    if statut in StatutService.values:
        qs = qs.filter(statut=statut)
    return qs.order_by("nom", "pk")


def maintient_en_partenaire(acteur) -> bool:
    """Partenaire qui maintient les fiches de sa structure : la ligne « fiches à vérifier » de son « À faire »
    (l'administrateur, qui modère tout le département, les voit dans la gestion des fiches)."""
    return bool(organisations_du_role(acteur, Role.PARTENAIRE))


def compter_services_a_verifier(acteur) -> int:
    """Nombre de fiches à vérifier que l'acteur maintient : **le** nombre de ``/ressources/gestion/?a_verifier=1``
    (accueil « À faire » du partenaire, résumé par courriel)."""
    if not peut_maintenir(acteur):
        return 0
    return services_a_gerer(acteur, a_verifier=True).count()


def peut_modifier_service(acteur, service: Service) -> bool:
    return services_modifiables(acteur).filter(pk=service.pk).exists()


def services_modifiables(acteur) -> QuerySet[Service]:
    condition = _q_maintenance_service(acteur)
    qs = Service.objects.select_related("structure", "organisation").order_by("nom", "pk")
    return qs if condition is None else qs.filter(condition)


def service_modifiable_pour(acteur, service_id: str) -> Service:
    service = services_modifiables(acteur).filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


def peut_moderer(acteur, service: Service) -> bool:
    """Modérer (publier, masquer) : l'administrateur du département du service, le super-administrateur."""
    departements = departements_administres(acteur)
    return departements is None or service.departement_id in departements


def service_moderable_pour(acteur, service_id: str) -> Service:
    service = service_modifiable_pour(acteur, service_id)
    if not peut_moderer(acteur, service):
        raise Http404
    return service


def historique_service(service: Service, *, limite: int = 50) -> list:
    """Dernières versions de la fiche (simple-history), de la plus récente à la plus ancienne."""
    return list(service.history.select_related("history_user").order_by("-history_date", "-history_id")[:limite])


def structures_modifiables(acteur) -> QuerySet[Structure]:
    departements = departements_administres(acteur)
    qs = Structure.objects.select_related("organisation").order_by("nom", "pk")
    if departements is None:
        return qs
    condition = _RIEN
    if departements:
        condition |= Q(departement__in=departements)
    organisations = organisations_du_role(acteur, Role.PARTENAIRE)
    if organisations:
        condition |= Q(organisation__in=organisations)
    return qs.filter(condition)


def structure_modifiable_pour(acteur, structure_id: str) -> Structure:
    structure = structures_modifiables(acteur).filter(pk=structure_id).first()
    if structure is None:
        raise Http404
    return structure


def organisations_mainteneuses_possibles(acteur):
    """Organisations que l'acteur peut désigner comme mainteneuses d'une fiche (jamais une instance nationale de
    pilotage, qui n'entretient pas l'annuaire)."""
    departements = departements_administres(acteur)
    if departements is None:
        return Organisation.objects.filter(active=True).exclude(type__in=TYPES_NATIONAUX)
    return Organisation.objects.filter(
        Q(departement__in=departements) | Q(pk__in=organisations_du_role(acteur, Role.PARTENAIRE)), active=True
    ).exclude(type__in=TYPES_NATIONAUX)


def signalements_a_traiter(acteur) -> QuerySet[SignalementErreur]:
    return (
        SignalementErreur.objects.filter(
            service__in=services_modifiables(acteur).values("pk"), statut=SignalementErreur.Statut.OUVERT
        )
        .select_related("service", "auteur")
        .order_by("-cree_le", "-pk")
    )


def signalement_pour(acteur, pk: int) -> SignalementErreur:
    signalement = (
        SignalementErreur.objects.filter(pk=pk, service__in=services_modifiables(acteur).values("pk"))
        .select_related("service", "auteur")
        .first()
    )
    if signalement is None:
        raise Http404
    return signalement


# --- Correspondance frein → thématiques ------------------------------------------------------------------------


def departements_parametrables(acteur) -> set[str] | None:
    """Départements dont l'acteur paramètre la correspondance et importe le tableur (``None`` : tous)."""
    return departements_administres(acteur)


def peut_parametrer(acteur) -> bool:
    codes = departements_parametrables(acteur)
    return codes is None or bool(codes)


def exiger_parametrage(acteur) -> None:
    """Correspondance frein → thématiques et import du tableur : 403 pour qui n'administre aucun département."""
    if not peut_parametrer(acteur):
        raise PermissionDenied(_("Ce paramétrage est réservé aux administrateurs départementaux."))


def departement_parametrable_pour(acteur, code: str | None):
    """Le département ``code`` (le premier à défaut) si l'acteur le paramètre : 403 sans droit, 404 hors champ."""
    exiger_parametrage(acteur)
    qs = departements_geres(acteur)
    departement = qs.filter(code=code).first() if code else qs.first()
    if departement is None:
        raise Http404
    return departement


def surcharges_du_departement(departement_code: str) -> dict[str, list[str]]:
    """``{code du frein: thématiques}`` des correspondances propres au département."""
    return dict(CorrespondanceFrein.objects.filter(departement_id=departement_code).values_list("code", "thematiques"))


def departements_geres(acteur) -> QuerySet:
    """Les départements de ``departements_parametrables``, en objets triés par code (vide : aucun droit)."""
    codes = departements_parametrables(acteur)
    qs = Departement.objects.order_by("code")
    return qs if codes is None else qs.filter(code__in=codes)


def thematiques_du_frein(code: str, departement_code: str | None) -> list[str]:
    """Thématiques d'un domaine ou d'une situation : surcharge du département, sinon valeur nationale."""
    if departement_code:
        surcharge = (
            CorrespondanceFrein.objects.filter(departement_id=departement_code, code=code)
            .values_list("thematiques", flat=True)
            .first()
        )
        if surcharge is not None:
            return list(surcharge)
    return freins.thematiques_par_defaut(code)


def departement_de_reference(acteur, commune=None) -> str | None:
    """Département dont la correspondance s'applique : celui de la commune cherchée, sinon celui de l'acteur."""
    if commune is not None:
        return commune.departement_id
    habs = habilitations(acteur)
    return habs[0].departement_code if habs else None


# --- Orientations vers des services -----------------------------------------------------------------------


def orientations_recues(acteur) -> QuerySet[OrientationService]:
    """Orientations adressées aux services que l'acteur maintient comme partenaire (SA structure)."""
    organisations = organisations_du_role(acteur, Role.PARTENAIRE)
    if not organisations:
        return OrientationService.objects.none()
    return OrientationService.objects.filter(service__organisation__in=organisations).select_related(
        "service", "repondue_par"
    )


def orientations_a_repondre(acteur) -> QuerySet[OrientationService]:
    """Orientations reçues qui attendent la réponse du service (envoyées, ni acceptées ni refusées)."""
    return orientations_recues(acteur).filter(statut=StatutOrientationService.ENVOYEE)


def compter_orientations_a_repondre(acteur) -> int:
    """Le nombre de ``/ressources/orientations/?a_repondre=1`` : accueil du partenaire, « À faire », résumé."""
    if not maintient_en_partenaire(acteur):
        return 0
    return orientations_a_repondre(acteur).count()


def orientations_emises(acteur) -> QuerySet[OrientationService]:
    """Orientations des personnes dont l'acteur ouvre le dossier (règle de ``binome.accompagnement.selectors``)."""
    personnes = selectors_accompagnement.personnes_visibles(acteur).values("pk")
    return OrientationService.objects.filter(personne__in=personnes).select_related(
        "service", "emetteur", "repondue_par"
    )


def orientations_des_actions(acteur, actions_ids: set[int]) -> dict[int, list[OrientationService]]:
    """Orientations vers un service des actions d'un plan que l'acteur voit (branché dans
    ``binome.accompagnement.annuaire``) : ``{id d'action: [orientations, la plus récente d'abord]}``."""
    resultat: dict[int, list[OrientationService]] = {}
    for orientation in orientations_emises(acteur).filter(action_id__in=actions_ids).order_by("-cree_le", "-pk"):
        resultat.setdefault(orientation.action_id, []).append(orientation)
    return resultat


JOURS_REPONSES_RECUES = 30


def reponses_recues(acteur, *, limite: int = 10) -> list[OrientationService]:
    """Réponses des services (acceptées, refusées) aux orientations que l'acteur a envoyées, depuis
    ``JOURS_REPONSES_RECUES`` jours, la plus récente d'abord : le bloc « réponses reçues » de l'accueil."""
    depuis = timezone.now() - timedelta(days=JOURS_REPONSES_RECUES)
    return list(
        orientations_emises(acteur)
        .filter(
            emetteur=acteur,
            statut__in=[StatutOrientationService.ACCEPTEE, StatutOrientationService.REFUSEE],
            repondue_le__gte=depuis,
        )
        .order_by("-repondue_le", "-pk")[:limite]
    )


def orientation_pour(acteur, pk: int) -> tuple[OrientationService, bool]:
    """(orientation, vue comme destinataire) ; 404 si l'acteur n'est ni destinataire ni dans le dossier."""
    orientation = orientations_recues(acteur).filter(pk=pk).first()
    if orientation is not None:
        return orientation, True
    orientation = orientations_emises(acteur).filter(pk=pk).first()
    if orientation is None:
        raise Http404
    return orientation, False


def personne_pour(acteur, pk):
    """Accès à une personne : la règle est celle de l'accompagnement (404 sinon)."""
    return selectors_accompagnement.personne_pour(acteur, pk)


def action_pour(acteur, pk):
    """Action d'un plan visible de l'acteur (par son parcours) ; 404 sinon."""
    action = (
        Action.objects.select_related("plan__parcours__personne__commune", "element_referentiel", "objectif")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    selectors_accompagnement.parcours_pour(acteur, action.plan.parcours_id)
    return action
