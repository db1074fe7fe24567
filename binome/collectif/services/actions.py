"""Créer et modifier une action collective (titre, thème, organisateur, description, capacité, public)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.collectif import selectors
from binome.collectif.enums import Organisateur, StatutInscription, StatutSeance, ThemeAction
from binome.collectif.models import CAPACITE_MAXIMALE, ActionCollective
from binome.collectif.services._commun import exiger_gestion, nettoyer, promouvoir
from binome.core.historique import sauver

CHAMPS_ACTION = ("titre", "theme", "organisateur", "organisation", "structure", "description", "capacite", "public")


def _erreurs_action(departement_code: str, valeurs: dict) -> dict:
    """Une erreur en français par champ de l'action."""
    erreurs = {}
    if not valeurs["titre"]:
        erreurs["titre"] = _("Indiquez le titre de l'action collective.")
    elif len(valeurs["titre"]) > 150:
        erreurs["titre"] = _("Le titre est limité à 150 caractères.")
    if valeurs["theme"] not in ThemeAction.values:
        erreurs["theme"] = _("Choisissez le thème de l'action.")
    if valeurs["organisateur"] not in Organisateur.values:
        erreurs["organisateur"] = _("Indiquez qui organise l'action.")
    elif valeurs["organisateur"] == Organisateur.PARTENAIRE and valeurs["structure"] is None:
        erreurs["structure"] = _("Choisissez la structure partenaire de l'annuaire qui anime l'action.")
    structure = valeurs["structure"]
    if structure is not None and not selectors.structures_possibles(departement_code).filter(pk=structure.pk).exists():
        erreurs["structure"] = _("Choisissez une structure de l'annuaire du département.")
    organisation = valeurs["organisation"]
    if organisation is not None and organisation.departement_id != departement_code:
        erreurs["organisation"] = _("Choisissez une organisation du département.")
    if not valeurs["description"]:
        erreurs["description"] = _("Décrivez l'action : son objectif, son déroulement.")
    capacite = valeurs["capacite"]
    if not isinstance(capacite, int) or not 1 <= capacite <= CAPACITE_MAXIMALE:
        erreurs["capacite"] = _("Le nombre de places par séance va de 1 à %(max)s.") % {"max": CAPACITE_MAXIMALE}
    if len(valeurs["public"]) > 255:
        erreurs["public"] = _("Le public est limité à 255 caractères.")
    return erreurs


def _valeurs(**champs) -> dict:
    valeurs = dict(champs)
    for champ in ("titre", "description", "public"):
        valeurs[champ] = nettoyer(valeurs[champ])
    return valeurs


@transaction.atomic(durable=True)
def action_creer(
    *,
    acteur,
    departement_code: str,
    titre: str,
    theme: str,
    organisateur: str,
    description: str,
    capacite: int,
    public: str = "",
    organisation=None,
    structure=None,
) -> ActionCollective:
    """Crée une action collective du département (proposée) ; ses séances se planifient ensuite."""
    if departement_code not in selectors.departements_gestion(acteur):
        raise PermissionDenied(_("Vous ne pouvez pas créer d'action collective dans ce département."))
    valeurs = _valeurs(
        titre=titre,
        theme=theme,
        organisateur=organisateur,
        organisation=organisation,
        structure=structure,
        description=description,
        capacite=capacite,
        public=public,
    )
    erreurs = _erreurs_action(departement_code, valeurs)
    if erreurs:
        raise ValidationError(erreurs)
    action = ActionCollective(departement_id=departement_code, cree_par=acteur, **valeurs)
    return sauver(action, acteur=acteur, raison="Création de l'action collective")


def _plus_que_les_places(action: ActionCollective, capacite: int) -> bool:
    """Une séance à venir sans capacité propre compte déjà plus d'inscrits que ``capacite``."""
    for seance in action.seances.filter(statut=StatutSeance.PLANIFIEE, capacite__isnull=True):
        if seance.inscriptions.filter(statut=StatutInscription.INSCRITE).count() > capacite:
            return True
    return False


@transaction.atomic(durable=True)
def action_modifier(*, acteur, action: ActionCollective, proposee: bool | None = None, **champs) -> ActionCollective:
    """Modifie une action ; ``champs`` : ceux de ``CHAMPS_ACTION`` (un champ absent ne change pas).

    Une capacité plus grande fait entrer les personnes en attente des séances à venir ; plus petite que le nombre
    d'inscrits d'une séance à venir, elle est refusée. ``proposee=False`` retire l'action (plus de nouvelle séance).
    """
    inconnus = set(champs) - set(CHAMPS_ACTION)
    if inconnus:
        raise TypeError(f"champs inconnus : {sorted(inconnus)}")
    action = ActionCollective.objects.select_for_update().get(pk=action.pk)
    exiger_gestion(acteur, action)
    valeurs = _valeurs(**{champ: champs.get(champ, getattr(action, champ)) for champ in CHAMPS_ACTION})
    erreurs = _erreurs_action(action.departement_id, valeurs)
    if not erreurs and valeurs["capacite"] < action.capacite and _plus_que_les_places(action, valeurs["capacite"]):
        erreurs["capacite"] = _("Une séance à venir compte déjà plus d'inscrits que ce nombre de places.")
    if erreurs:
        raise ValidationError(erreurs)
    for champ, valeur in valeurs.items():
        setattr(action, champ, valeur)
    if proposee is not None:
        action.proposee = proposee
    sauver(action, acteur=acteur, raison="Modification de l'action collective")
    for seance in action.seances.filter(statut=StatutSeance.PLANIFIEE, capacite__isnull=True).order_by("pk"):
        seance.action = action
        promouvoir(seance, acteur)
    return action


__all__ = ["action_creer", "action_modifier"]
