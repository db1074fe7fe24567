"""Objets des instances pour les tests (dont le test d'accès généré) : créés à la demande, sans doublon."""

import datetime

from django.utils import timezone

from binome.comptes.models import Utilisateur
from binome.instances.enums import MotifInscription, NatureInstance, NatureManquement, StatutSeance
from binome.instances.models import Instance, Manquement, MembreInstance, PointOrdreDuJour, SeanceInstance
from binome.instances.reference import reference_dossier

SYNTHESE = "SYNTHESEPOURINSTANCE"


def instance_du_membre(personas) -> Instance:
    """L'équipe pluridisciplinaire du Cantal où siège ``personas.membre_instance``."""
    return MembreInstance.objects.get(utilisateur=personas.membre_instance).instance


def membre_retirable(personas) -> MembreInstance:
    """Un second siège de l'équipe du Cantal (la conseillère), que le test d'accès peut essayer de retirer."""
    membre, _cree = MembreInstance.objects.get_or_create(
        instance=instance_du_membre(personas),
        utilisateur=personas.conseiller,
        retire_le=None,
        defaults={"organisation": personas.cantal.agence},
    )
    return membre


def _point(seance, parcours, *, synthese="", decide=False) -> PointOrdreDuJour:
    point, _cree = PointOrdreDuJour.objects.get_or_create(
        seance=seance,
        parcours=parcours,
        defaults={
            "reference": reference_dossier(departement_code=parcours.departement_id, parcours_pk=parcours.pk),
            "motif": MotifInscription.AJOUT_REFERENT,
            "precision": "Point de situation",
            "inscrit_par": seance.cree_par,
            "synthese": synthese,
            "decision": "Poursuite du parcours" if decide else "",
            "decide_le": timezone.now() if decide else None,
        },
    )
    return point


def seance_du_membre(monde, *, close=False) -> SeanceInstance:
    """Une séance de l'équipe du Cantal (à venir, ou passée et close) avec le dossier du Cantal à l'ordre du jour."""
    return seance_de_l_equipe(monde.personas, monde.cantal.parcours, close=close)


def seance_de_l_equipe(personas, parcours, *, close=False) -> SeanceInstance:
    instance = instance_du_membre(personas)
    decalage = datetime.timedelta(days=-10 if close else 10)
    seance, _cree = SeanceInstance.objects.get_or_create(
        instance=instance,
        statut=StatutSeance.CLOSE if close else StatutSeance.PREVUE,
        defaults={
            "date": timezone.now() + decalage,
            "lieu": "Hôtel du département, Aurillac",
            "cree_par": personas.admin,
            "proces_verbal_le": timezone.now() if close else None,
        },
    )
    _point(seance, parcours, synthese=SYNTHESE, decide=close)
    return seance


def _auteur(parcours):
    """Un professionnel pour les champs « créé par » (un parcours né d'une proposition n'a pas de conseiller)."""
    return parcours.conseiller or parcours.cree_par or Utilisateur.objects.order_by("pk").first()


def point_du_dossier(dossier) -> int:
    """Un dossier de l'ordre du jour d'une instance **sans membre** du département du dossier : ni le membre de
    l'UDAF ni personne d'autre que les gestionnaires et les référents du parcours ne l'ouvrent."""
    parcours = dossier.parcours
    instance, _cree = Instance.objects.get_or_create(
        departement_id=parcours.departement_id,
        nom="Comité technique du test d'accès",
        defaults={"nature": NatureInstance.COMITE_TECHNIQUE, "cree_par": _auteur(parcours)},
    )
    seance, _cree = SeanceInstance.objects.get_or_create(
        instance=instance, defaults={"date": timezone.now(), "lieu": "Salle 1", "cree_par": _auteur(parcours)}
    )
    return _point(seance, parcours).pk


def manquement_du_dossier(dossier) -> int:
    manquement, _cree = Manquement.objects.get_or_create(
        parcours=dossier.parcours,
        defaults={
            "date": datetime.date(2025, 2, 1),
            "nature": NatureManquement.RENDEZ_VOUS,
            "constat": "Absence au rendez-vous du 1er février",
            "constate_par": _auteur(dossier.parcours),
        },
    )
    return manquement.pk
