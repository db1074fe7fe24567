"""La journée de Claire (conseillère France Travail du Cantal) et de Sophie (référente sociale) : une chose de
chaque ligne « À faire », construite avec les personas et les fabriques. Le temps est figé au mercredi
5 mars 2025, 10 h (heure de Paris)."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from binome.accompagnement.enums import Cote, EtatParcours
from binome.accompagnement.models import Parcours
from tests.accompagnement.factories import (
    ActionFactory,
    DemandeCoordinationFactory,
    OrientationFactory,
    ParcoursFactory,
    PlanActionFactory,
    SortieFactory,
    parcours_du_binome,
    personne_du,
)
from tests.agenda.factories import RendezVousFactory

MAINTENANT = "2025-03-05 10:00:00+01:00"
JOUR = datetime.date(2025, 3, 5)  # un mercredi
J = datetime.timedelta(days=1)
PARIS = ZoneInfo("Europe/Paris")


def a(jour: datetime.date, heure: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(jour, datetime.time(heure, minute), tzinfo=PARIS)


@dataclass
class Journee:
    orientation_parcours: Parcours
    coordination_parcours: Parcours
    sans_contact: Parcours
    renouvellement: Parcours
    actions: Parcours
    sorti: Parcours
    rendez_vous_du_jour: object
    rendez_vous_passe: object
    rendez_vous_jeudi: object


def _parcours(personas, prenom, nom, **champs):
    return parcours_du_binome(personas, personne=personne_du(personas.cantal, prenom=prenom, nom=nom), **champs)


def journee_de_claire(personas, jour: datetime.date = JOUR) -> Journee:
    """``jour`` : le jour de la journée (les tests navigateur prennent le vrai jour, sans temps figé)."""
    claire, sophie = personas.conseiller, personas.travailleur_social
    # Orientation vers France Travail, proposée par Sophie : dans la boîte de Claire.
    orientation = OrientationFactory(
        parcours=ParcoursFactory(
            personne=personne_du(personas.cantal, prenom="Odile", nom="Orient"),
            etat=EtatParcours.ORIENTATION_PROPOSEE,
            referent_social=sophie,
            organisation_referent=personas.cantal.unite,
        ),
        origine="TRAVAILLEUR_SOCIAL",
        prescripteur=sophie,
        organisation_prescripteur=personas.cantal.unite,
        cote_destinataire=Cote.FRANCE_TRAVAIL,
        date_proposition=jour - 2 * J,
    )
    # Demande de coordination de Sophie à Claire (le contact récent évite l'alerte « sans contact »).
    coordination = _parcours(personas, "Corinne", "Coord", date_entree=jour - 3 * J)
    DemandeCoordinationFactory(
        parcours=coordination, auteur=sophie, cote_auteur=Cote.DEPARTEMENT, cote_destinataire=Cote.FRANCE_TRAVAIL
    )
    sans_contact = _parcours(personas, "Samuel", "Silence", date_entree=jour - 40 * J)
    # Sophie a donné son accord au renouvellement : il attend celui de Claire.
    renouvellement = _parcours(
        personas,
        "Rémi",
        "Renouvel",
        date_entree=jour - 5 * J,
        date_fin_prevue=jour + 20 * J,
        accord_renouvellement_referent_le=jour - J,
        accord_renouvellement_personne_le=jour - J,
    )
    actions = _parcours(personas, "Agathe", "Action", date_entree=jour - 4 * J)
    ActionFactory(plan=PlanActionFactory(parcours=actions, version=1), echeance=jour - 2 * J)
    sorti = SortieFactory(
        parcours=_parcours(
            personas,
            "Sacha",
            "Sortie",
            etat=EtatParcours.SORTI,
            date_entree=jour - 400 * J,
            date_reperage=jour - 410 * J,
            date_fin_prevue=jour - 35 * J,
            date_sortie=jour - 190 * J,
            motif_sortie="EMPLOI_DURABLE",
        ),
        suivi_6_mois_echeance=jour - 5 * J,
    ).parcours
    # Nouvelle bénéficiaire du RSA listée il y a 40 jours, pas encore orientée : échéance (42 jours) dans 2 jours.
    rsa = _parcours(personas, "Rachel", "Rsalist", etat=EtatParcours.REPERE, date_entree=None)
    rsa.personne.inscrite_liste_rsa_le = jour - 40 * J
    rsa.personne.save()
    rdv = dict(organisateur=claire, professionnels=[claire, sophie])
    return Journee(
        orientation_parcours=orientation.parcours,
        coordination_parcours=coordination,
        sans_contact=sans_contact,
        renouvellement=renouvellement,
        actions=actions,
        sorti=sorti,
        rendez_vous_du_jour=RendezVousFactory(parcours=coordination, debut=a(jour, 14, 30), **rdv),
        rendez_vous_passe=RendezVousFactory(parcours=actions, debut=a(jour - J, 9), **rdv),
        rendez_vous_jeudi=RendezVousFactory(parcours=renouvellement, debut=a(jour + J, 11), **rdv),
    )
