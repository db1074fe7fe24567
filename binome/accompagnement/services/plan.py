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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine, selectors
from binome.accompagnement.contenu_plan import contenu_du_plan
from binome.accompagnement.enums import (
    CotePlan,
    Porteur,
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
from binome.organisations.models import ParametresDepartement

HEURES_MAX = 35
LONGUEUR_LIBELLE = 150


# --- Briques ----------------------------------------------------------------------------------------------


def _nom(utilisateur) -> str:
    if utilisateur is None:
        return _("un autre utilisateur")
    return utilisateur.get_full_name() or utilisateur.email


def _exiger_modification(acteur, parcours: Parcours) -> None:
    if not selectors.peut_modifier(acteur, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce parcours."))


def _exiger_parcours_en_cours(parcours: Parcours) -> None:
    """Le plan se construit au diagnostic partagé et vit pendant l'accompagnement (``machine`` :
    ``modifier_plan``)."""
    machine.exiger(parcours, "modifier_plan")


def _exiger_brouillon(acteur, plan: PlanAction) -> None:
    _exiger_modification(acteur, plan.parcours)
    if plan.est_signe:
        raise ValidationError(
            _("La version %(version)s du plan est signée : elle n'est plus modifiable. Créez une nouvelle version.")
            % {"version": plan.version}
        )
    _exiger_parcours_en_cours(plan.parcours)


def _verrouiller(objet, revision, acteur, message: str) -> None:
    """Verrou optimiste : révision ``revision`` → ``revision + 1`` si personne n'a écrit depuis la lecture.

    Un seul ``UPDATE … WHERE pk = … AND revision = …`` : atomique sur PostgreSQL (verrou de ligne jusqu'à la
    fin de la transaction) comme sur SQLite (écritures sérialisées). Sinon ``ValidationError`` nommant le
    dernier auteur. À appeler dans la transaction du service, avant d'écrire l'objet.
    """
    modele = type(objet)
    if revision is None:
        raise ValidationError(_("Le formulaire est incomplet : rechargez la page puis recommencez."))
    if not modele.objects.filter(pk=objet.pk, revision=revision).update(revision=F("revision") + 1):
        courant = modele.objects.filter(pk=objet.pk).select_related("modifie_par").first()
        raise ValidationError(
            message % {"nom": _nom(courant.modifie_par if courant else None)}, code="modifie_entre_temps"
        )
    objet.refresh_from_db()
    objet.modifie_par = acteur


def _message_plan() -> str:
    return _(
        "Ce plan a été modifié par %(nom)s entre-temps : rechargez la page pour voir ses modifications, "
        "puis refaites les vôtres. Rien n'a été enregistré."
    )


def _toucher_plan(plan: PlanAction, acteur) -> None:
    """Une écriture sur le contenu du plan change sa révision (la signature porte sur ce qu'on a vu).

    Conditionné à « pas encore signé » dans le même ``UPDATE`` : si la version vient d'être signée par
    quelqu'un d'autre, l'écriture en cours est annulée (la transaction du service échoue)."""
    if not PlanAction.objects.filter(pk=plan.pk, signe_le__isnull=True).update(
        revision=F("revision") + 1, modifie_par=acteur, modifie_le=timezone.now()
    ):
        courant = PlanAction.objects.filter(pk=plan.pk).select_related("modifie_par").first()
        raise ValidationError(
            _(
                "Cette version du plan a été signée par %(nom)s entre-temps : rien n'a été enregistré. "
                "Créez une nouvelle version pour la faire évoluer."
            )
            % {"nom": _nom(courant.modifie_par if courant else None)},
            code="modifie_entre_temps",
        )


def heures_de_reference(parcours: Parcours) -> int:
    """Heures hebdomadaires par défaut du département du parcours (RSA : 15 h sauf convention contraire)."""
    valeur = (
        ParametresDepartement.objects.filter(departement_id=parcours.departement_id)
        .values_list("heures_hebdo_rsa", flat=True)
        .first()
    )
    return valeur if valeur is not None else ParametresDepartement._meta.get_field("heures_hebdo_rsa").default


def _verifier_heures(parcours: Parcours, heures, motif: str) -> str:
    """Valide les heures ; renvoie le motif à enregistrer (vidé si les heures ne sont pas réduites)."""
    if heures is None or not 0 <= heures <= HEURES_MAX:
        raise ValidationError(
            {"heures_hebdomadaires": _("Indiquez un nombre d'heures entre 0 et %(max)s.") % {"max": HEURES_MAX}}
        )
    reference = heures_de_reference(parcours)
    motif = (motif or "").strip()
    if heures >= reference:
        return ""
    if parcours.personne.beneficiaire_rsa and not motif:
        raise ValidationError(
            {
                "motif_reduction_heures": _(
                    "Pour un bénéficiaire du RSA, %(reference)s h d'activité par semaine sont prévues : "
                    "indiquez le motif de la réduction (situation personnelle ou familiale)."
                )
                % {"reference": reference}
            }
        )
    return motif


def _valider_element(type_element: str, *, element_referentiel, libelle_libre: str, cote, porteur, statut) -> str:
    libelle_libre = (libelle_libre or "").strip()
    erreurs = {}
    if element_referentiel is None and not libelle_libre:
        erreurs["libelle_libre"] = _("Choisissez un élément du référentiel ou écrivez un libellé court.")
    elif element_referentiel is not None and libelle_libre:
        erreurs["libelle_libre"] = _("Choisissez un élément du référentiel ou écrivez un libellé, pas les deux.")
    if element_referentiel is not None and (element_referentiel.type != type_element or not element_referentiel.actif):
        erreurs["element_referentiel"] = _("Cet élément du référentiel ne peut pas être choisi ici.")
    if len(libelle_libre) > LONGUEUR_LIBELLE:
        erreurs["libelle_libre"] = _("Le libellé est limité à %(n)s caractères.") % {"n": LONGUEUR_LIBELLE}
    if cote not in CotePlan.values:
        erreurs["cote"] = _("Choisissez le côté : emploi, social ou partenaire.")
    if porteur not in Porteur.values:
        erreurs["porteur"] = _("Indiquez qui porte cet élément.")
    if statut not in StatutAction.values:
        erreurs["statut"] = _("Statut inconnu.")
    if erreurs:
        raise ValidationError(erreurs)
    return libelle_libre


def _champs_element(
    type_element, *, element_referentiel, libelle_libre, cote, porteur, porteur_precision, echeance, statut
):
    libelle_libre = _valider_element(
        type_element,
        element_referentiel=element_referentiel,
        libelle_libre=libelle_libre,
        cote=cote,
        porteur=porteur,
        statut=statut,
    )
    return {
        "element_referentiel": element_referentiel,
        "libelle_libre": libelle_libre,
        "cote": cote,
        "porteur": porteur,
        "porteur_precision": (porteur_precision or "").strip()[:150],
        "echeance": echeance,
        "statut": statut,
    }


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
        champs = {"version": 1, "heures_hebdomadaires": heures_de_reference(parcours)}
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
def plan_signer(*, acteur, plan: PlanAction, revision, signe_le: datetime.date | None = None) -> PlanAction:
    """Signe la version : copie figée du contenu (lisible ensuite telle quelle), plus aucune modification."""
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
    plan.copie_figee = contenu_du_plan(plan, signe_le=signe_le, enregistre_par=acteur)
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
    "heures_de_reference",
    "objectif_ajouter",
    "objectif_modifier",
    "objectif_retirer",
    "plan_creer_version",
    "plan_modifier_heures",
    "plan_signer",
]
