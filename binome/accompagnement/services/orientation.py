"""Orientation (proposition, planification du diagnostic, refus) et non-retenue avant l'entrée.

Transitions de la machine à états : ``orienter``, ``planifier_diagnostic``, ``refuser_orientation``,
``non_retenir`` (voir ``binome.accompagnement.machine``). Conventions : ``services/_commun.py``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine, selectors
from binome.accompagnement.enums import (
    STATUTS_ORIENTATION_EN_ATTENTE,
    Cote,
    EtatParcours,
    Modalite,
    MotifNonRetenu,
    OrigineOrientation,
    StatutOrientation,
)
from binome.accompagnement.models import LONGUEUR_COORDINATION, LONGUEUR_TEXTE_COURT, Orientation, Parcours, Personne
from binome.accompagnement.services._commun import (
    aujourdhui,
    date_courte,
    evenement,
    exiger_choix,
    exiger_droits,
    exiger_modification,
    minuscule,
    texte,
    verrouiller,
)
from binome.core.historique import sauver
from binome.organisations.models import TypeOrganisation


def _refuser_orientations_en_attente(parcours: Parcours, acteur, motif: str) -> None:
    for orientation in parcours.orientations.select_for_update().filter(statut__in=STATUTS_ORIENTATION_EN_ATTENTE):
        orientation.statut = StatutOrientation.REFUSEE
        orientation.motif_refus = orientation.motif_refus or motif[:LONGUEUR_TEXTE_COURT]
        orientation.traitee_par = orientation.traitee_par or acteur
        orientation.traitee_le = timezone.now()
        sauver(orientation, acteur=acteur, raison="Parcours non retenu")


def _non_retenir(parcours: Parcours, acteur, *, transition: str, motif: str, le: datetime.date) -> None:
    """Passe le parcours à ``NON_RETENU`` (par ``transition`` : ``non_retenir``, ``refuser_orientation`` ou
    ``conclure_sans_entree``) avec son motif ; les orientations en attente sont refusées."""
    exiger_choix(motif, MotifNonRetenu, "motif", _("Indiquez le motif."))
    machine.appliquer(parcours, transition)
    parcours.motif_non_retenu = motif
    parcours.non_retenu_le = le
    sauver(parcours, acteur=acteur, raison="Non retenu")
    _refuser_orientations_en_attente(parcours, acteur, str(MotifNonRetenu(motif).label))


def _habilitation_prescriptrice(acteur, personne: Personne, organisation):
    habilitations = selectors.organisations_prescriptrices(acteur, personne.departement_id)
    if organisation is None:
        if len(habilitations) != 1:
            raise ValidationError(
                {"organisation": _("Précisez au titre de quelle organisation vous proposez cette orientation.")}
            )
        return habilitations[0]
    organisation_id = getattr(organisation, "pk", organisation)
    habilitation = next((h for h in habilitations if h.organisation_id == organisation_id), None)
    if habilitation is None:
        raise PermissionDenied(_("Vous ne proposez pas d'orientation au titre de cette organisation."))
    return habilitation


def _parcours_a_orienter(acteur, personne: Personne, le: datetime.date) -> Parcours:
    """Le parcours repéré de la personne ; sans parcours ouvert, un nouveau parcours (ré-entrée)."""
    parcours = Parcours.objects.select_for_update().filter(personne=personne).exclude(etat__in=machine.CLOS).first()
    if parcours is None:
        parcours = Parcours(
            personne=personne,
            departement_id=personne.departement_id,
            date_reperage=le,
            sexe=personne.sexe,
            cree_par=acteur,
        )
        point = machine.POINTS_ENTREE["reperage"]
        machine.etablir_etat_initial(parcours, point_entree=point.nom)
        sauver(parcours, acteur=acteur, raison="Repérage (nouveau parcours)")
        evenement(parcours, acteur, point.evenement, _("Nouveau parcours : repérage"))
    elif not machine.permet(parcours, "orienter"):
        raise ValidationError(
            _(
                "Cette personne a déjà un parcours en cours (état : %(etat)s) : une nouvelle orientation "
                "n'est possible qu'après sa sortie."
            )
            % {"etat": EtatParcours(parcours.etat).label},
            code="parcours_en_cours",
        )
    else:
        exiger_modification(acteur, parcours)
    return parcours


@transaction.atomic(durable=True)
def orientation_proposer(
    *,
    acteur,
    personne: Personne,
    modalite_proposee: str,
    motif: str,
    organisation=None,
    relayee_partenaire: bool = False,
) -> Orientation:
    """Propose la personne pour l'accompagnement global ou social exclusif, avec un motif.

    L'orientation va à l'autre côté (une agence propose au Département, une organisation sociale à France
    Travail) : boîte de réception de ses professionnels qui couvrent la commune de la personne, et du
    référent orientation. Elle s'applique au parcours repéré de la personne ; sans parcours ouvert
    (personne sortie ou non retenue), elle **ouvre un nouveau parcours** (ré-entrée). ``relayee_partenaire`` :
    proposition reçue d'un partenaire et relayée par l'acteur (origine ``PARTENAIRE``).
    """
    exiger_droits(acteur, "orienter", personne)
    exiger_choix(modalite_proposee, Modalite, "modalite_proposee", _("Choisissez la modalité proposée."))
    motif = texte(
        motif,
        "motif",
        obligatoire=True,
        longueur=LONGUEUR_COORDINATION,
        message=_("Indiquez le motif de la proposition."),
    )
    habilitation = _habilitation_prescriptrice(acteur, personne, organisation)
    le = aujourdhui()
    parcours = _parcours_a_orienter(acteur, personne, le)
    transition = machine.appliquer(parcours, "orienter")
    parcours.modalite = modalite_proposee
    parcours.date_orientation = le
    sauver(parcours, acteur=acteur, raison="Orientation proposée")
    depuis_agence = habilitation.organisation_type == TypeOrganisation.AGENCE_FT
    if relayee_partenaire:
        origine = OrigineOrientation.PARTENAIRE
    else:
        origine = OrigineOrientation.CONSEILLER_FT if depuis_agence else OrigineOrientation.TRAVAILLEUR_SOCIAL
    orientation = Orientation(
        parcours=parcours,
        origine=origine,
        modalite_proposee=modalite_proposee,
        motif=motif,
        date_proposition=le,
        prescripteur=acteur,
        organisation_prescripteur_id=habilitation.organisation_id,
        cote_destinataire=Cote.DEPARTEMENT if depuis_agence else Cote.FRANCE_TRAVAIL,
    )
    sauver(orientation, acteur=acteur, raison="Orientation proposée")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Orientation proposée vers l'%(modalite)s par %(organisation)s")
        % {"modalite": minuscule(Modalite(modalite_proposee).label), "organisation": habilitation.organisation_nom},
    )
    return orientation


def _orientation_a_traiter(acteur, orientation: Orientation, transition: str) -> tuple[Orientation, Parcours]:
    exiger_droits(acteur, transition, orientation)
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if orientation.statut not in STATUTS_ORIENTATION_EN_ATTENTE:
        raise ValidationError(_("Cette orientation a déjà été traitée."), code="orientation_traitee")
    return orientation, verrouiller(orientation.parcours)


@transaction.atomic(durable=True)
def orientation_planifier_diagnostic(
    *, acteur, orientation: Orientation, date_diagnostic: datetime.date
) -> Orientation:
    """Le côté destinataire planifie le diagnostic partagé (une nouvelle date remplace la précédente)."""
    orientation, parcours = _orientation_a_traiter(acteur, orientation, "planifier_diagnostic")
    transition = machine.exiger(parcours, "planifier_diagnostic")
    if date_diagnostic is None:
        raise ValidationError({"date_diagnostic": _("Indiquez la date du diagnostic.")})
    if date_diagnostic < orientation.date_proposition:
        raise ValidationError(
            {
                "date_diagnostic": _("Le diagnostic ne peut pas précéder la proposition (%(date)s).")
                % {"date": date_courte(orientation.date_proposition)}
            }
        )
    orientation.statut = StatutOrientation.DIAGNOSTIC_PLANIFIE
    orientation.date_diagnostic_planifiee = date_diagnostic
    orientation.traitee_par = acteur
    orientation.traitee_le = timezone.now()
    sauver(orientation, acteur=acteur, raison="Diagnostic planifié")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Diagnostic partagé planifié le %(date)s") % {"date": date_courte(date_diagnostic)},
    )
    return orientation


@transaction.atomic(durable=True)
def orientation_refuser(*, acteur, orientation: Orientation, motif: str, precision: str = "") -> Orientation:
    """Le côté destinataire refuse l'orientation, avec un motif codé (et une précision) : le parcours n'est
    pas retenu."""
    orientation, parcours = _orientation_a_traiter(acteur, orientation, "refuser_orientation")
    exiger_choix(motif, MotifNonRetenu, "motif", _("Indiquez le motif du refus."))
    precision = texte(precision, "precision", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT)
    orientation.statut = StatutOrientation.REFUSEE
    orientation.motif_refus = precision or str(MotifNonRetenu(motif).label)
    orientation.traitee_par = acteur
    orientation.traitee_le = timezone.now()
    sauver(orientation, acteur=acteur, raison="Orientation refusée")
    _non_retenir(parcours, acteur, transition="refuser_orientation", motif=motif, le=aujourdhui())
    evenement(
        parcours,
        acteur,
        machine.transition("refuser_orientation").evenement,
        _("Orientation refusée (%(motif)s) : parcours non retenu") % {"motif": MotifNonRetenu(motif).label},
    )
    return orientation


@transaction.atomic(durable=True)
def parcours_non_retenu(*, acteur, parcours: Parcours, motif: str) -> Parcours:
    """Clôt un parcours avant l'entrée (repéré, orientation proposée, diagnostic partagé) : refus de la
    personne, non éligible, injoignable… Les orientations en attente sont refusées."""
    exiger_droits(acteur, "non_retenir", parcours)
    parcours = verrouiller(parcours)
    _non_retenir(parcours, acteur, transition="non_retenir", motif=motif, le=aujourdhui())
    evenement(
        parcours,
        acteur,
        machine.transition("non_retenir").evenement,
        _("Parcours non retenu (%(motif)s)") % {"motif": MotifNonRetenu(motif).label},
    )
    return parcours


__all__ = ["orientation_planifier_diagnostic", "orientation_proposer", "orientation_refuser", "parcours_non_retenu"]
