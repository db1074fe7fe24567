"""Plan d'action (contrat d'engagement) : versions, objectifs, actions, heures, signature.

Règles :

- une seule version brouillon par parcours ; ``plan_creer_version`` la crée à partir de la précédente
  (heures, objectifs et actions recopiés) ; une version signée n'est plus modifiable et garde sa
  ``copie_figee`` (``binome.accompagnement.contenu_plan``) ;
- heures hebdomadaires : ``ParametresDepartement.heures_hebdo_rsa`` par défaut ; pour un bénéficiaire du
  RSA, des heures inférieures exigent le motif de la réduction ;
- **verrou optimiste** : le formulaire renvoie la ``revision`` lue ; l'écriture passe la révision à
  ``revision + 1`` par un ``UPDATE … WHERE revision = lue`` atomique. Si quelqu'un a écrit entre-temps,
  rien n'est enregistré et l'utilisateur lit « Ce plan a été modifié par X entre-temps… ». Toute
  écriture sur un objectif ou une action incrémente aussi la révision du plan : on ne signe que ce
  qu'on a vu.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import selectors
from binome.accompagnement.contenu_plan import contenu_du_plan
from binome.accompagnement.enums import (
    StatutAction,
    TypeElementReferentiel,
    TypeEvenement,
)
from binome.accompagnement.models import (
    LONGUEUR_ID_SERVICE,
    Action,
    ElementReferentiel,
    Objectif,
    Parcours,
    PlanAction,
)
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.accompagnement.services.plan_commun import (
    _champs_element,
    _exiger_brouillon,
    _exiger_modification,
    _exiger_parcours_en_cours,
    _message_plan,
    _toucher_plan,
    _verifier_heures,
    _verrouiller,
)

# --- Versions ----------------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def plan_creer_version(*, acteur, parcours: Parcours) -> PlanAction:
    """Ouvre la version 1 du plan, ou une nouvelle version brouillon recopiée de la dernière version signée."""
    _exiger_modification(acteur, parcours)
    _exiger_parcours_en_cours(parcours)
    precedent = PlanAction.objects.select_for_update().filter(parcours=parcours).order_by("-version").first()
    if precedent is not None and not precedent.est_signe:
        raise ValidationError(
            _("La version %(version)s est encore un brouillon : complétez-la ou signez-la avant d'en créer une autre.")
            % {"version": precedent.version}
        )
    if precedent is None:
        champs = {"version": 1, "heures_hebdomadaires": selectors.heures_de_reference(parcours)}
    else:
        champs = {
            "version": precedent.version + 1,
            "heures_hebdomadaires": precedent.heures_hebdomadaires,
            "motif_reduction_heures": precedent.motif_reduction_heures,
        }
    try:
        with transaction.atomic():
            plan = PlanAction.objects.create(parcours=parcours, cree_par=acteur, modifie_par=acteur, **champs)
    except IntegrityError as erreur:
        raise ValidationError(
            _("Une autre version vient d'être créée par un autre utilisateur : rechargez la page.")
        ) from erreur
    if precedent is not None:
        _recopier(precedent, plan, acteur)
    libelle = (
        _("Plan d'action ouvert (version 1)")
        if precedent is None
        else _("Plan d'action : nouvelle version %(version)s en préparation") % {"version": plan.version}
    )
    evenement_enregistrer(
        personne=parcours.personne,
        parcours=parcours,
        type=TypeEvenement.PLAN_MODIFIE,
        libelle=libelle,
        acteur=acteur,
    )
    return plan


def _recopier(source: PlanAction, cible: PlanAction, acteur) -> None:
    correspondance = {}
    champs = ("element_referentiel_id", "libelle_libre", "cote", "porteur", "porteur_precision", "echeance", "statut")
    for objectif in Objectif.objects.filter(plan=source).order_by("pk"):
        correspondance[objectif.pk] = Objectif.objects.create(
            plan=cible, modifie_par=acteur, **{c: getattr(objectif, c) for c in champs}
        )
    for action in Action.objects.filter(plan=source).order_by("pk"):
        Action.objects.create(
            plan=cible,
            objectif=correspondance.get(action.objectif_id),
            service_ressource_id=action.service_ressource_id,
            # Partenaire désigné et son commentaire (issue 14) : l'action confiée le reste dans la nouvelle version.
            partenaire_id=action.partenaire_id,
            commentaire_partenaire=action.commentaire_partenaire,
            modifie_par=acteur,
            **{c: getattr(action, c) for c in champs},
        )


@transaction.atomic(durable=True)
def plan_modifier_heures(
    *, acteur, plan: PlanAction, revision, heures_hebdomadaires, motif_reduction_heures: str = ""
) -> PlanAction:
    """Heures d'activité hebdomadaires convenues (et motif s'il y a réduction), sous verrou optimiste."""
    _exiger_brouillon(acteur, plan)
    motif = _verifier_heures(plan.parcours, heures_hebdomadaires, motif_reduction_heures)
    _verrouiller(plan, revision, acteur, _message_plan())
    plan.heures_hebdomadaires = heures_hebdomadaires
    plan.motif_reduction_heures = motif
    plan.save()
    return plan


@transaction.atomic(durable=True)
def plan_signer(
    *, acteur, plan: PlanAction, revision, signe_le: datetime.date | None = None, lieu_signature: str = ""
) -> PlanAction:
    """Signe la version : copie figée du contenu (lisible ensuite telle quelle), plus aucune modification.
    ``lieu_signature`` (commune) est recopié dans la copie figée et imprimé sur le contrat d'engagement."""
    _exiger_brouillon(acteur, plan)
    aujourdhui = timezone.localdate()
    signe_le = signe_le or aujourdhui
    if signe_le > aujourdhui:
        raise ValidationError({"signe_le": _("La date de signature ne peut pas être dans le futur.")})
    if plan.parcours.date_reperage and signe_le < plan.parcours.date_reperage:
        raise ValidationError({"signe_le": _("La date de signature précède le début du parcours.")})
    if not plan.objectifs.exists() and not plan.actions.exists():
        raise ValidationError(_("Ajoutez au moins un objectif ou une action avant de faire signer le plan."))
    _verifier_heures(plan.parcours, plan.heures_hebdomadaires, plan.motif_reduction_heures)
    _verrouiller(plan, revision, acteur, _message_plan())
    plan.copie_figee = contenu_du_plan(
        plan, signe_le=signe_le, enregistre_par=acteur, lieu_signature=(lieu_signature or "").strip()[:100]
    )
    plan.signe_le = signe_le
    plan.save()
    evenement_enregistrer(
        personne=plan.parcours.personne,
        parcours=plan.parcours,
        type=TypeEvenement.PLAN_SIGNE,
        libelle=_("Plan d'action signé (version %(version)s)") % {"version": plan.version},
        acteur=acteur,
    )
    return plan


# --- Objectifs --------------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def objectif_ajouter(
    *,
    acteur,
    plan: PlanAction,
    cote: str,
    porteur: str,
    element_referentiel: ElementReferentiel | None = None,
    libelle_libre: str = "",
    porteur_precision: str = "",
    echeance: datetime.date | None = None,
    statut: str = StatutAction.A_FAIRE,
) -> Objectif:
    _exiger_brouillon(acteur, plan)
    champs = _champs_element(
        TypeElementReferentiel.OBJECTIF,
        parcours=plan.parcours,
        element_referentiel=element_referentiel,
        libelle_libre=libelle_libre,
        cote=cote,
        porteur=porteur,
        porteur_precision=porteur_precision,
        echeance=echeance,
        statut=statut,
    )
    _toucher_plan(plan, acteur)
    objectif = Objectif.objects.create(plan=plan, modifie_par=acteur, **champs)
    return objectif


@transaction.atomic(durable=True)
def objectif_modifier(
    *,
    acteur,
    objectif: Objectif,
    revision,
    cote: str,
    porteur: str,
    element_referentiel: ElementReferentiel | None = None,
    libelle_libre: str = "",
    porteur_precision: str = "",
    echeance: datetime.date | None = None,
    statut: str = StatutAction.A_FAIRE,
) -> Objectif:
    _exiger_brouillon(acteur, objectif.plan)
    champs = _champs_element(
        TypeElementReferentiel.OBJECTIF,
        parcours=objectif.plan.parcours,
        element_referentiel=element_referentiel,
        libelle_libre=libelle_libre,
        cote=cote,
        porteur=porteur,
        porteur_precision=porteur_precision,
        echeance=echeance,
        statut=statut,
    )
    _toucher_plan(objectif.plan, acteur)
    _verrouiller(
        objectif,
        revision,
        acteur,
        _(
            "Cet objectif a été modifié par %(nom)s entre-temps : rechargez la page pour voir ses "
            "modifications, puis refaites les vôtres. Rien n'a été enregistré."
        ),
    )
    for champ, valeur in champs.items():
        setattr(objectif, champ, valeur)
    objectif.save()
    return objectif


@transaction.atomic(durable=True)
def objectif_retirer(*, acteur, objectif: Objectif, revision) -> None:
    """Retire un objectif d'un brouillon (ses actions restent, sans objectif)."""
    _exiger_brouillon(acteur, objectif.plan)
    _toucher_plan(objectif.plan, acteur)
    _verrouiller(
        objectif,
        revision,
        acteur,
        _("Cet objectif a été modifié par %(nom)s entre-temps : rechargez la page. Rien n'a été retiré."),
    )
    objectif.delete()


# --- Actions ------------------------------------------------------------------------------------------------


def _verifier_objectif(plan: PlanAction, objectif: Objectif | None) -> None:
    if objectif is not None and objectif.plan_id != plan.pk:
        raise ValidationError({"objectif": _("Cet objectif n'appartient pas à cette version du plan.")})


def _identifiant_service(valeur: str | None) -> str | None:
    """Identifiant d'un service de l'annuaire, jamais tronqué (un identifiant coupé ne désigne plus rien)."""
    valeur = (valeur or "").strip()
    if len(valeur) > LONGUEUR_ID_SERVICE:
        raise ValidationError(
            _("L'identifiant du service de l'annuaire dépasse %(max)s caractères.") % {"max": LONGUEUR_ID_SERVICE}
        )
    return valeur or None


@transaction.atomic(durable=True)
def action_ajouter(
    *,
    acteur,
    plan: PlanAction,
    cote: str,
    porteur: str,
    element_referentiel: ElementReferentiel | None = None,
    libelle_libre: str = "",
    objectif: Objectif | None = None,
    porteur_precision: str = "",
    echeance: datetime.date | None = None,
    statut: str = StatutAction.A_FAIRE,
    service_ressource_id: str | None = None,
) -> Action:
    """Ajoute une action ; ``service_ressource_id`` : lien facultatif vers un service de l'annuaire."""
    _exiger_brouillon(acteur, plan)
    _verifier_objectif(plan, objectif)
    champs = _champs_element(
        TypeElementReferentiel.ACTION,
        parcours=plan.parcours,
        element_referentiel=element_referentiel,
        libelle_libre=libelle_libre,
        cote=cote,
        porteur=porteur,
        porteur_precision=porteur_precision,
        echeance=echeance,
        statut=statut,
    )
    _toucher_plan(plan, acteur)
    action = Action.objects.create(
        plan=plan,
        objectif=objectif,
        service_ressource_id=_identifiant_service(service_ressource_id),
        modifie_par=acteur,
        **champs,
    )
    return action


def _message_action() -> str:
    return _(
        "Cette action a été modifiée par %(nom)s entre-temps : rechargez la page pour voir ses modifications, "
        "puis refaites les vôtres. Rien n'a été enregistré."
    )


@transaction.atomic(durable=True)
def action_modifier(
    *,
    acteur,
    action: Action,
    revision,
    cote: str,
    porteur: str,
    element_referentiel: ElementReferentiel | None = None,
    libelle_libre: str = "",
    objectif: Objectif | None = None,
    porteur_precision: str = "",
    echeance: datetime.date | None = None,
    statut: str = StatutAction.A_FAIRE,
    service_ressource_id: str | None = None,
) -> Action:
    _exiger_brouillon(acteur, action.plan)
    _verifier_objectif(action.plan, objectif)
    champs = _champs_element(
        TypeElementReferentiel.ACTION,
        parcours=action.plan.parcours,
        element_referentiel=element_referentiel,
        libelle_libre=libelle_libre,
        cote=cote,
        porteur=porteur,
        porteur_precision=porteur_precision,
        echeance=echeance,
        statut=statut,
    )
    _toucher_plan(action.plan, acteur)
    _verrouiller(action, revision, acteur, _message_action())
    for champ, valeur in champs.items():
        setattr(action, champ, valeur)
    action.objectif = objectif
    action.service_ressource_id = _identifiant_service(service_ressource_id)
    action.save()
    return action


@transaction.atomic(durable=True)
def action_changer_statut(*, acteur, action: Action, revision, statut: str) -> Action:
    """À faire → en cours → réalisée, ou abandonnée ; sous verrou optimiste."""
    _exiger_brouillon(acteur, action.plan)
    if statut not in StatutAction.values:
        raise ValidationError({"statut": _("Statut inconnu.")})
    _toucher_plan(action.plan, acteur)
    _verrouiller(action, revision, acteur, _message_action())
    ancien = action.statut
    action.statut = statut
    action.save()
    if statut != ancien and statut in (StatutAction.REALISEE, StatutAction.ABANDONNEE):
        libelle = (
            _("Action du plan d'action réalisée")
            if statut == StatutAction.REALISEE
            else _("Action du plan d'action abandonnée")
        )
        evenement_enregistrer(
            personne=action.plan.parcours.personne,
            parcours=action.plan.parcours,
            type=TypeEvenement.PLAN_MODIFIE,
            libelle=libelle,
            acteur=acteur,
        )
    return action


@transaction.atomic(durable=True)
def action_retirer(*, acteur, action: Action, revision) -> None:
    """Retire une action d'un brouillon (saisie erronée) ; une action signée reste dans sa version."""
    _exiger_brouillon(acteur, action.plan)
    _toucher_plan(action.plan, acteur)
    _verrouiller(
        action,
        revision,
        acteur,
        _("Cette action a été modifiée par %(nom)s entre-temps : rechargez la page. Rien n'a été retiré."),
    )
    action.delete()


__all__ = [
    "action_ajouter",
    "action_changer_statut",
    "action_modifier",
    "action_retirer",
    "objectif_ajouter",
    "objectif_modifier",
    "objectif_retirer",
    "plan_creer_version",
    "plan_modifier_heures",
    "plan_signer",
]
