"""Social exclusif et coordination entre les deux côtés du binôme, retour vers un diagnostic partagé.

Transitions : ``demander_coordination`` et ``demander_retour_diagnostic`` (sans changement d'état),
``retour_diagnostic`` (``SOCIAL_EXCLUSIF`` → ``DIAGNOSTIC_PARTAGE``). Conventions : ``services/_commun.py``.
Le passage en social exclusif (décision conjointe, changement de modalité daté) : ``services/modalite.py``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine, selectors
from binome.accompagnement.enums import Cote, ObjetCoordination, StatutCoordination
from binome.accompagnement.models import LONGUEUR_COORDINATION, DemandeCoordination, Parcours
from binome.accompagnement.services._commun import (
    REFUS_DROITS,
    evenement,
    exiger_choix,
    exiger_droits,
    exiger_modification,
    texte,
    verrouiller,
)
from binome.core.historique import sauver


def _cote_de(acteur, parcours: Parcours) -> str:
    cote = selectors.cote_dans_parcours(acteur, parcours)
    if cote is None:
        raise PermissionDenied(REFUS_DROITS["cote_dans_parcours"])
    return cote


@transaction.atomic(durable=True)
def coordination_demander(*, acteur, parcours: Parcours, objet: str, demande: str) -> DemandeCoordination:
    """Un côté (France Travail ou Département) demande à l'autre de revoir une situation ; l'autre répond.

    Parcours en cours seulement ; l'objet « retour vers un diagnostic partagé » ne vaut qu'en social exclusif.
    """
    exiger_droits(acteur, "demander_coordination", parcours)
    cote = _cote_de(acteur, parcours)
    parcours = verrouiller(parcours)
    transition = machine.exiger(parcours, "demander_coordination")
    exiger_choix(objet, ObjetCoordination, "objet", _("Choisissez l'objet de la demande."))
    if objet == ObjetCoordination.RETOUR_DIAGNOSTIC and not machine.permet(parcours, "demander_retour_diagnostic"):
        raise ValidationError({"objet": machine.erreur(parcours, "demander_retour_diagnostic").message})
    texte_demande = texte(demande, "demande", obligatoire=True, longueur=LONGUEUR_COORDINATION)
    destinataire = Cote.DEPARTEMENT if cote == Cote.FRANCE_TRAVAIL else Cote.FRANCE_TRAVAIL
    coordination = DemandeCoordination(
        parcours=parcours,
        objet=objet,
        demande=texte_demande,
        auteur=acteur,
        cote_auteur=cote,
        cote_destinataire=destinataire,
        demandee_le=timezone.now(),
    )
    sauver(coordination, acteur=acteur, raison="Demande de coordination")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Demande de coordination (%(objet)s) adressée au côté %(cote)s")
        % {"objet": ObjetCoordination(objet).label, "cote": Cote(destinataire).label},
    )
    return coordination


@transaction.atomic(durable=True)
def coordination_repondre(
    *, acteur, demande: DemandeCoordination, reponse: str, accord: bool | None
) -> DemandeCoordination:
    """Le côté destinataire répond à une demande de coordination ouverte, par un **accord ou un refus
    explicite** (``accord``) et un texte. Seul l'accord à une demande « retour vers un diagnostic partagé »
    ouvre ce retour (``Parcours.retour_diagnostic_accorde_le``, garde de la machine)."""
    parcours = demande.parcours
    exiger_modification(acteur, parcours)
    if accord is None:
        raise ValidationError({"accord": _("Indiquez si vous êtes d'accord avec la demande.")})
    if _cote_de(acteur, parcours) != demande.cote_destinataire:
        raise PermissionDenied(_("Seul le côté à qui la demande est adressée y répond."))
    parcours = verrouiller(parcours)
    transition = machine.exiger(parcours, "repondre_coordination")
    demande = DemandeCoordination.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutCoordination.OUVERTE:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."), code="deja_repondue")
    demande.reponse = texte(reponse, "reponse", obligatoire=True, longueur=LONGUEUR_COORDINATION)
    demande.accord = bool(accord)
    demande.statut = StatutCoordination.REPONDUE
    demande.repondu_par = acteur
    demande.repondue_le = timezone.now()
    sauver(demande, acteur=acteur, raison="Réponse de coordination")
    if demande.accord and demande.objet == ObjetCoordination.RETOUR_DIAGNOSTIC:
        parcours.retour_diagnostic_accorde_le = timezone.localdate()
        sauver(parcours, acteur=acteur, raison="Accord au retour vers un diagnostic partagé")
    libelle = (
        _("Accord à la demande de coordination (%(objet)s)")
        if demande.accord
        else _("Refus de la demande de coordination (%(objet)s)")
    )
    evenement(parcours, acteur, transition.evenement, libelle % {"objet": ObjetCoordination(demande.objet).label})
    return demande


@transaction.atomic(durable=True)
def parcours_retour_diagnostic(*, acteur, parcours: Parcours) -> Parcours:
    """Chemin du retour du social exclusif vers l'accompagnement global : après l'**accord** de l'autre côté à
    une demande de coordination « retour vers un diagnostic partagé » (garde de la machine ; un refus ne
    l'ouvre pas), le parcours revient à ``DIAGNOSTIC_PARTAGE`` (la demande est close, l'accord consommé). Un
    nouveau diagnostic puis ``parcours_activer`` suivent."""
    exiger_droits(acteur, "retour_diagnostic", parcours)
    parcours = verrouiller(parcours)
    transition = machine.appliquer(parcours, "retour_diagnostic")
    acceptees = parcours.coordinations.select_for_update().filter(
        objet=ObjetCoordination.RETOUR_DIAGNOSTIC, statut=StatutCoordination.REPONDUE, accord=True
    )
    for demande in acceptees.order_by("pk"):
        demande.statut = StatutCoordination.CLOSE
        sauver(demande, acteur=acteur, raison="Retour vers un diagnostic partagé")
    parcours.retour_diagnostic_accorde_le = None
    sauver(parcours, acteur=acteur, raison="Retour vers un diagnostic partagé")
    evenement(parcours, acteur, transition.evenement, _("Retour vers un diagnostic partagé"))
    return parcours


__all__ = [
    "coordination_demander",
    "coordination_repondre",
    "parcours_retour_diagnostic",
]
