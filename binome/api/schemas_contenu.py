"""Schémas de l'API du contenu de l'accompagnement : diagnostics, plans, contacts, rendez-vous, séances collectives.

Les champs réservés au côté social (``binome.accompagnement.secret_partage``) sont ``null`` pour qui ne les voit
pas dans l'interface : même règle, même sélecteur.
"""

import datetime

from ninja import Field, Schema

from binome.accompagnement.enums import (
    CanalContact,
    CotePlan,
    DomaineFrein,
    NiveauFrein,
    Porteur,
    PresenceContact,
    StatutAction,
    TypeContact,
)
from binome.accompagnement.models import LONGUEUR_ID_SERVICE, LONGUEUR_NOTE_CONTACT, LONGUEUR_TEXTE_COURT
from binome.agenda.enums import CanalRendezVous, StatutRendezVous, TypeRendezVous
from binome.agenda.models import LONGUEUR_OBJET
from binome.collectif.enums import StatutInscription, StatutSeance

# Textes libres : bornés (les services refusent au-delà, le schéma le dit d'abord).
TEXTE_COURT = LONGUEUR_TEXTE_COURT
TEXTE_NOTE = LONGUEUR_NOTE_CONTACT

# --- Diagnostic ---------------------------------------------------------------------------------------------


class FreinSortie(Schema):
    domaine: DomaineFrein
    niveau: NiveauFrein
    situations: list[str] | None = Field(description="Situations détaillées : côté social seulement, sinon null.")
    precision: str | None = Field(description="Précision : côté social seulement, sinon null.")


class DiagnosticSortie(Schema):
    id: int
    parcours: int
    date: datetime.date
    personne_presente: bool
    decision: str
    decision_le: datetime.date | None
    adhesion: bool | None
    signe_le: datetime.date | None
    date_revue: datetime.date | None
    detail_social: bool = Field(description="Vrai si le compte voit le détail social des freins.")
    freins: list[FreinSortie]
    modifie_le: datetime.datetime


# --- Plan d'action ------------------------------------------------------------------------------------------


class ElementPlanSortie(Schema):
    id: int
    libelle: str
    element_referentiel: int | None
    libelle_libre: str
    cote: CotePlan
    porteur: Porteur
    porteur_precision: str
    echeance: datetime.date | None
    statut: StatutAction
    revision: int = Field(description="Révision de l'élément : à renvoyer dans If-Match pour le modifier.")
    modifie_le: datetime.datetime


class ActionSortie(ElementPlanSortie):
    objectif: int | None
    service_ressource_id: str | None


class PlanSortie(Schema):
    id: int
    parcours: int
    version: int
    signe: bool
    signe_le: datetime.date | None
    heures_hebdomadaires: int | None
    revision: int = Field(description="Révision du plan (aussi dans l'en-tête ETag).")
    objectifs: list[ElementPlanSortie]
    actions: list[ActionSortie]
    modifie_le: datetime.datetime


class ElementPlanEntree(Schema):
    cote: CotePlan
    porteur: Porteur
    element_referentiel: int | None = Field(None, description="Élément du référentiel (ou un libellé libre).")
    libelle_libre: str = Field("", max_length=150)
    porteur_precision: str = Field("", max_length=150)
    echeance: datetime.date | None = None
    statut: StatutAction = StatutAction.A_FAIRE


class ActionEntree(ElementPlanEntree):
    objectif: int | None = Field(None, description="Objectif de la même version du plan.")
    service_ressource_id: str | None = Field(
        None, max_length=LONGUEUR_ID_SERVICE, description="Service de l'annuaire."
    )


class StatutEntree(Schema):
    statut: StatutAction


# --- Contacts -----------------------------------------------------------------------------------------------


class ContactSortie(Schema):
    id: int
    parcours: int
    date: datetime.date
    canal: CanalContact
    type: TypeContact
    presence: PresenceContact
    participants: list[int]
    autres_participants: str
    prochaine_date: datetime.date | None
    note: str
    auteur: int | None
    modifie_le: datetime.datetime


class PageContacts(Schema):
    resultats: list[ContactSortie]
    suivant: str | None


class ContactEntree(Schema):
    date: datetime.date
    canal: CanalContact
    type: TypeContact = TypeContact.INDIVIDUEL
    presence: PresenceContact = PresenceContact.HONORE
    participants: list[int] = Field([], description="Professionnels présents (le binôme ou vous).")
    autres_participants: str = Field("", max_length=TEXTE_COURT)
    prochaine_date: datetime.date | None = None
    note: str = Field("", max_length=TEXTE_NOTE, description="Courte et neutre : aucun détail social ou de santé.")


# --- Rendez-vous --------------------------------------------------------------------------------------------


class RendezVousSortie(Schema):
    id: int
    parcours: int
    type: TypeRendezVous
    debut: datetime.datetime
    duree_minutes: int
    canal: CanalRendezVous
    lieu: str
    objet: str = Field(description="Objet ; neutre pour qui ne voit pas le motif social d'un rendez-vous social.")
    statut: StatutRendezVous
    professionnels: list[int]
    annule_le: datetime.datetime | None
    contact: int | None
    modifie_le: datetime.datetime


class PageRendezVous(Schema):
    resultats: list[RendezVousSortie]
    suivant: str | None


class RendezVousEntree(Schema):
    debut: datetime.datetime = Field(description="Date et heure, avec fuseau.")
    duree_minutes: int = Field(ge=5, le=480)
    canal: CanalRendezVous
    objet: str = Field(min_length=1, max_length=LONGUEUR_OBJET)
    type: TypeRendezVous = TypeRendezVous.INDIVIDUEL
    professionnels: list[int] | None = Field(None, description="Professionnels attendus (par défaut : vous).")
    lieu: str = Field("", max_length=TEXTE_COURT)
    lien_visio: str = Field("", max_length=200)
    telephone: str = Field("", max_length=20)


class AnnulationEntree(Schema):
    motif: str = Field(min_length=1, max_length=LONGUEUR_OBJET)


class PresenceEntree(Schema):
    presence: PresenceContact
    note: str = Field("", max_length=TEXTE_NOTE)
    prochaine_date: datetime.date | None = None


# --- Séances collectives ------------------------------------------------------------------------------------


class SeanceSortie(Schema):
    id: int
    action: int
    titre: str
    theme: str
    debut: datetime.datetime
    duree_minutes: int
    lieu: str
    places: int
    inscrits: int
    en_attente: int
    statut: StatutSeance
    modifie_le: datetime.datetime


class PageSeances(Schema):
    resultats: list[SeanceSortie]
    suivant: str | None


class InscriptionSortie(Schema):
    id: int
    seance: int
    parcours: int
    statut: StatutInscription
    accord_le: datetime.date
    demande_le: datetime.datetime
    presence: str
    action_plan: int | None
    modifie_le: datetime.datetime


class PageInscriptions(Schema):
    resultats: list[InscriptionSortie]
    suivant: str | None


class InscriptionEntree(Schema):
    seance: int
    accord_le: datetime.date = Field(description="Date de l'accord de la personne (exigé).")
    action_plan: int | None = Field(None, description="Action du plan courant à laquelle la séance répond.")
