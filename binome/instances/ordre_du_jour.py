"""Ce qui attend une décision collective : les dossiers à proposer à l'ordre du jour d'une séance.

Une fonction par motif, chacune **reprenant la définition de l'accompagnement** plutôt que de la recopier :

- orientations à décider : l'alerte « orientation en attente de diagnostic » du portefeuille
  (``accompagnement.alertes``, ``Alerte.ORIENTATION`` : orientation proposée restée sans diagnostic au-delà du
  seuil du département) ;
- renouvellements : l'alerte « fin de terme proche (revue à prévoir) » (``Alerte.FIN_TERME``), sur les parcours
  que la machine à états laisse renouveler (sources de la transition ``renouveler``) ;
- retours du social exclusif : une demande de coordination « retour vers un diagnostic partagé » non close, sur un
  parcours où la machine permet ce retour (sources de ``retour_diagnostic``) ;
- demandes de coordination en désaccord : une demande répondue par un refus explicite (``accord`` faux) et pas
  close — le binôme n'a pas pu s'accorder, la question monte à l'instance ;
- manquements au contrat d'engagement constatés, sur lesquels l'équipe pluridisciplinaire doit rendre un avis
  (pour une équipe pluridisciplinaire seulement).

Chaque liste est limitée au territoire de l'instance et aux dossiers qui ne sont pas déjà à l'ordre du jour de la
séance. Le dossier ajouté par un référent avec un motif passe par ``selectors.parcours_a_inscrire``.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from binome.accompagnement import alertes, machine
from binome.accompagnement.enums import ObjetCoordination, StatutCoordination
from binome.accompagnement.models import DemandeCoordination, Parcours
from binome.instances.enums import MotifInscription, NatureInstance, StatutManquement
from binome.instances.models import Instance, Manquement, SeanceInstance
from binome.instances.reference import reference_dossier


@dataclass(frozen=True)
class Candidat:
    parcours: Parcours
    motif: str
    manquement: Manquement | None = None

    @property
    def reference(self) -> str:
        return reference_dossier(departement_code=self.parcours.departement_id, parcours_pk=self.parcours.pk)

    @property
    def libelle_motif(self) -> str:
        return MotifInscription(self.motif).label


def q_territoire(instance: Instance, prefixe: str = "") -> Q:
    """Parcours du territoire de l'instance : son département, et ses communes ou ses unités s'il en a."""
    condition = Q(**{f"{prefixe}departement_id": instance.departement_id})
    communes = list(instance.communes.values_list("pk", flat=True))
    unites = list(instance.unites.values_list("pk", flat=True))
    if communes or unites:
        partie = Q(**{f"{prefixe}personne__commune__in": communes})
        partie |= Q(**{f"{prefixe}organisation_referent__in": unites})
        partie |= Q(**{f"{prefixe}organisation_conseiller__in": unites})
        condition &= partie
    return condition


def _parcours(seance: SeanceInstance) -> QuerySet[Parcours]:
    return (
        Parcours.objects.filter(q_territoire(seance.instance), personne__anonymise_le__isnull=True)
        .exclude(pk__in=seance.points.values("parcours_id"))
        .select_related("personne")
    )


def orientations_a_decider(seance: SeanceInstance) -> QuerySet[Parcours]:
    qs = alertes.aliaser_alertes(_parcours(seance))
    return qs.filter(alertes.filtre_alerte(alertes.Alerte.ORIENTATION)).order_by("date_reperage", "pk")


def renouvellements_a_decider(seance: SeanceInstance) -> QuerySet[Parcours]:
    renouvelables = machine.transition("renouveler").sources
    qs = alertes.aliaser_alertes(_parcours(seance).filter(etat__in=renouvelables))
    return qs.filter(alertes.filtre_alerte(alertes.Alerte.FIN_TERME)).order_by("date_fin_prevue", "pk")


def retours_social_exclusif(seance: SeanceInstance) -> QuerySet[Parcours]:
    demandes = DemandeCoordination.objects.filter(objet=ObjetCoordination.RETOUR_DIAGNOSTIC).exclude(
        statut=StatutCoordination.CLOSE
    )
    return (
        _parcours(seance)
        .filter(etat__in=machine.transition("retour_diagnostic").sources, pk__in=demandes.values("parcours_id"))
        .order_by("date_reperage", "pk")
    )


def coordinations_en_desaccord(seance: SeanceInstance) -> QuerySet[Parcours]:
    refusees = DemandeCoordination.objects.filter(statut=StatutCoordination.REPONDUE, accord=False)
    return (
        _parcours(seance)
        .filter(etat__in=machine.EN_COURS, pk__in=refusees.values("parcours_id"))
        .order_by("date_reperage", "pk")
    )


def manquements_a_examiner(seance: SeanceInstance) -> QuerySet[Manquement]:
    if seance.instance.nature != NatureInstance.EQUIPE_PLURIDISCIPLINAIRE:
        return Manquement.objects.none()
    return (
        Manquement.objects.filter(
            statut=StatutManquement.CONSTATE, parcours__in=_parcours(seance).values("pk"), points__isnull=True
        )
        .select_related("parcours", "parcours__personne")
        .order_by("date", "pk")
    )


def candidats(seance: SeanceInstance) -> list[Candidat]:
    """Les dossiers à proposer, motif par motif (un dossier n'apparaît qu'une fois, sous son premier motif)."""
    vus: set[int] = set()
    resultat: list[Candidat] = []
    for manquement in manquements_a_examiner(seance):
        if manquement.parcours_id not in vus:
            vus.add(manquement.parcours_id)
            resultat.append(Candidat(manquement.parcours, MotifInscription.MANQUEMENT, manquement))
    for motif, liste in (
        (MotifInscription.ORIENTATION, orientations_a_decider),
        (MotifInscription.RENOUVELLEMENT, renouvellements_a_decider),
        (MotifInscription.RETOUR_SOCIAL_EXCLUSIF, retours_social_exclusif),
        (MotifInscription.COORDINATION, coordinations_en_desaccord),
    ):
        for parcours in liste(seance):
            if parcours.pk not in vus:
                vus.add(parcours.pk)
                resultat.append(Candidat(parcours, motif))
    return resultat
