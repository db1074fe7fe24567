"""Définir une instance et ses membres (administrateur départemental)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.comptes.models import Habilitation
from binome.core.historique import sauver
from binome.instances import selectors
from binome.instances.enums import NatureInstance, RoleMembre, Rythme
from binome.instances.models import Instance, MembreInstance
from binome.instances.services._commun import refuser_si, texte
from binome.organisations.models import TypeOrganisation

TYPES_UNITES = (TypeOrganisation.UNITE_ACTION_SOCIALE, TypeOrganisation.AGENCE_FT)


def _valider_territoire(departement_id: str, communes, unites) -> None:
    if any(c.departement_id != departement_id for c in communes):
        raise ValidationError({"communes": _("Choisissez des communes du département de l'instance.")})
    if any(u.departement_id != departement_id or u.type not in TYPES_UNITES for u in unites):
        raise ValidationError({"unites": _("Choisissez des unités d'action sociale ou des agences du département.")})


def _remplir(instance: Instance, *, nom, nature, rythme, rythme_precision) -> None:
    instance.nom = texte(nom, "nom", obligatoire=True, longueur=150)
    if nature not in NatureInstance.values:
        raise ValidationError({"nature": _("Choisissez la nature de l'instance.")})
    if rythme not in Rythme.values:
        raise ValidationError({"rythme": _("Choisissez le rythme de l'instance.")})
    instance.nature, instance.rythme = nature, rythme
    instance.rythme_precision = texte(
        rythme_precision, "rythme_precision", obligatoire=rythme == Rythme.AUTRE, longueur=150
    )


@transaction.atomic(durable=True)
def instance_creer(
    *, acteur, departement, nom, nature, rythme=Rythme.MENSUEL, rythme_precision="", communes=(), unites=()
) -> Instance:
    instance = Instance(departement=departement, cree_par=acteur)
    refuser_si(not selectors.peut_gerer(acteur, instance), _("Vous ne gérez pas les instances de ce département."))
    _remplir(instance, nom=nom, nature=nature, rythme=rythme, rythme_precision=rythme_precision)
    _valider_territoire(departement.pk, communes, unites)
    sauver(instance, acteur=acteur, raison=_("Création de l'instance"))
    instance.communes.set(communes)
    instance.unites.set(unites)
    return instance


@transaction.atomic(durable=True)
def instance_modifier(
    *, acteur, instance, nom, nature, rythme, rythme_precision="", communes=(), unites=(), active=True
) -> Instance:
    instance = Instance.objects.select_for_update().get(pk=instance.pk)
    refuser_si(not selectors.peut_gerer(acteur, instance), _("Vous ne gérez pas les instances de ce département."))
    _remplir(instance, nom=nom, nature=nature, rythme=rythme, rythme_precision=rythme_precision)
    _valider_territoire(instance.departement_id, communes, unites)
    instance.active = bool(active)
    sauver(instance, acteur=acteur, raison=_("Modification de l'instance"))
    instance.communes.set(communes)
    instance.unites.set(unites)
    return instance


@transaction.atomic(durable=True)
def membre_ajouter(
    *, acteur, instance, utilisateur, organisation, role=RoleMembre.MEMBRE, qualite=""
) -> MembreInstance:
    """Un utilisateur de Binôme siège pour une organisation du département où il a une habilitation active."""
    refuser_si(not selectors.peut_gerer(acteur, instance), _("Vous ne gérez pas les instances de ce département."))
    if organisation.departement_id != instance.departement_id:
        raise ValidationError({"organisation": _("Choisissez une organisation du département de l'instance.")})
    if not Habilitation.objects.filter(utilisateur=utilisateur, organisation=organisation, active=True).exists():
        raise ValidationError(
            {"utilisateur": _("Cette personne n'a pas d'habilitation active dans l'organisation choisie.")}
        )
    if role not in RoleMembre.values:
        raise ValidationError({"role": _("Choisissez le rôle dans l'instance.")})
    if instance.membres.filter(utilisateur=utilisateur, retire_le__isnull=True).exists():
        raise ValidationError({"utilisateur": _("Cette personne siège déjà dans l'instance.")})
    membre = MembreInstance(
        instance=instance,
        utilisateur=utilisateur,
        organisation=organisation,
        role=role,
        qualite=texte(qualite, "qualite", obligatoire=False, longueur=150),
    )
    return sauver(membre, acteur=acteur, raison=_("Ajout d'un membre de l'instance"))


@transaction.atomic(durable=True)
def membre_retirer(*, acteur, membre) -> MembreInstance:
    membre = MembreInstance.objects.select_for_update().select_related("instance").get(pk=membre.pk)
    refuser_si(
        not selectors.peut_gerer(acteur, membre.instance), _("Vous ne gérez pas les instances de ce département.")
    )
    if membre.retire_le is None:
        membre.retire_le = timezone.now()
        sauver(membre, acteur=acteur, raison=_("Retrait d'un membre de l'instance"))
    return membre
