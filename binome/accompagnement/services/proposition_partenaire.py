"""Une structure partenaire propose une personne pour l'accompagnement global (issue d'origine : conseillers,
travailleurs sociaux **et partenaires** proposent).

La personne est enregistrée (repérage) et l'orientation part à la boîte de réception du côté choisi, par la
transition ``proposer_en_partenaire``. Le partenaire n'ouvre pas le dossier : il ne voit que le statut de sa
proposition (``selectors.propositions_du_partenaire``). Conventions : ``services/_commun.py``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import machine, selectors
from binome.accompagnement.enums import Cote, Modalite, OrigineOrientation, TypeEvenement
from binome.accompagnement.models import LONGUEUR_COORDINATION, Orientation, Parcours, Personne
from binome.accompagnement.services._commun import aujourdhui, evenement, exiger_choix, exiger_droits, texte
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.accompagnement.services.personnes import (
    _enregistrer,
    _identifiant_deja_pris,
    _nettoyer,
    _valider,
)
from binome.core.historique import sauver, tracer

CHAMPS_PROPOSITION = ("nom", "prenom", "date_naissance", "identifiant_ft", "telephone", "courriel", "commune")


def _structure(acteur, organisation, departement: str):
    structures = [h for h in selectors.structures_partenaires(acteur) if h.departement_code == departement]
    if organisation is None:
        if len(structures) != 1:
            raise ValidationError({"organisation": _("Précisez au titre de quelle structure vous proposez.")})
        return structures[0]
    organisation_id = getattr(organisation, "pk", organisation)
    structure = next((h for h in structures if h.organisation_id == organisation_id), None)
    if structure is None:
        raise PermissionDenied(_("Vous ne proposez pas de personne au titre de cette structure."))
    return structure


def _deja_connue(personne: Personne) -> bool:
    """Dossier existant (même identifiant France Travail, ou même nom et date de naissance) : le partenaire ne
    l'ouvre pas ; il est invité à passer par les professionnels, sans rien apprendre du dossier."""
    if _identifiant_deja_pris(personne):
        return True
    return Personne.objects.filter(
        departement_id=personne.departement_id,
        nom__iexact=personne.nom,
        date_naissance=personne.date_naissance,
        anonymise_le__isnull=True,
    ).exists()


@transaction.atomic(durable=True)
def proposition_partenaire_creer(
    *, acteur, cote_destinataire: str, motif: str, organisation=None, **champs
) -> Orientation:
    """Enregistre la personne proposée par une structure partenaire et adresse l'orientation (accompagnement
    global) au côté ``cote_destinataire``. Le partenaire n'est ni auteur du repérage ni prescripteur au sens de
    l'accès au dossier : il ne voit ensuite que le statut de sa proposition."""
    inconnus = set(champs) - set(CHAMPS_PROPOSITION)
    if inconnus:
        raise TypeError(f"Champs inattendus : {sorted(inconnus)}")
    personne = Personne(**champs)
    _nettoyer(personne)
    _valider(personne)
    personne.departement_id = personne.commune.departement_id
    exiger_droits(acteur, "proposer_en_partenaire", personne.departement_id)
    structure = _structure(acteur, organisation, personne.departement_id)
    exiger_choix(cote_destinataire, Cote, "cote_destinataire", _("Choisissez à qui adresser la proposition."))
    motif = texte(motif, "motif", obligatoire=True, longueur=LONGUEUR_COORDINATION, message=_("Indiquez le motif."))
    if _deja_connue(personne):
        raise ValidationError(
            _(
                "Cette personne est peut-être déjà connue dans ce département : adressez votre proposition "
                "directement à son conseiller France Travail ou au Département."
            ),
            code="deja_connue",
        )
    tracer(personne, acteur=acteur, raison="Proposition d'une structure partenaire")
    _enregistrer(personne)
    le = aujourdhui()
    parcours = Parcours(
        personne=personne, departement_id=personne.departement_id, date_reperage=le, sexe=personne.sexe
    )
    point = machine.POINTS_ENTREE["reperage"]
    machine.etablir_etat_initial(parcours, point_entree=point.nom)
    transition = machine.appliquer(parcours, "proposer_en_partenaire")
    parcours.modalite = Modalite.GLOBAL
    parcours.date_orientation = le
    sauver(parcours, acteur=acteur, raison="Proposition d'une structure partenaire")
    evenement_enregistrer(
        personne=personne, type=TypeEvenement.PERSONNE_CREEE, libelle=_("Personne enregistrée"), acteur=acteur
    )
    orientation = Orientation(
        parcours=parcours,
        origine=OrigineOrientation.PARTENAIRE,
        modalite_proposee=Modalite.GLOBAL,
        motif=motif,
        date_proposition=le,
        prescripteur=acteur,
        organisation_prescripteur_id=structure.organisation_id,
        cote_destinataire=cote_destinataire,
    )
    sauver(orientation, acteur=acteur, raison="Proposition d'une structure partenaire")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Proposée pour l'accompagnement global par %(structure)s") % {"structure": structure.organisation_nom},
    )
    return orientation


__all__ = ["proposition_partenaire_creer"]
