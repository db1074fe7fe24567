"""Schémas de l'API v1 : personnes, parcours, orientations, sorties, et les corps des
transitions du parcours. Les valeurs à choix sont celles des énumérations du domaine (``accompagnement.enums``) :
l'OpenAPI les liste. Les autres routeurs (diagnostics, plans…) importent d'ici ce qui leur sert.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

from binome.accompagnement import enums as e


def choix(enumeration, *, vide: bool = False):
    """Le type ``Literal`` des valeurs d'une énumération (``vide`` : la chaîne vide est permise)."""
    valeurs = tuple(enumeration.values) + (("",) if vide else ())
    return Literal[valeurs]  # type: ignore[valid-type]


# --- Références -------------------------------------------------------------------------------------------------


class Compte(Schema):
    id: int
    nom: str
    courriel: str


class OrganisationCourte(Schema):
    id: int
    nom: str


class Membre(Schema):
    """Un membre du binôme : le compte et son organisation."""

    compte: Compte
    organisation: OrganisationCourte | None


class Page(Schema):
    suivant: str | None = Field(description="Adresse de la page suivante ; null à la fin de la liste.")


# --- Personnes ---------------------------------------------------------------------------------------------------


class _ChampsPersonne(Schema):
    nom: str
    prenom: str
    date_naissance: datetime.date | None
    sexe: choix(e.Sexe)
    identifiant_ft: str
    organisme_allocataire: choix(e.OrganismeAllocataire, vide=True)
    numero_allocataire: str
    telephone: str
    courriel: str
    adresse: str
    complement_adresse: str
    commune: str | None = Field(description="Code INSEE de la commune de résidence.")
    beneficiaire_rsa: bool
    beneficiaire_are: bool
    beneficiaire_ass: bool
    beneficiaire_aah: bool
    beneficiaire_prime_activite: bool
    residence_qpv: bool
    niveau_formation: choix(e.NiveauFormation)
    parent_isole: bool
    sans_domicile: bool
    nationalite: choix(e.Nationalite)
    situation_marche_travail: choix(e.SituationMarcheTravail)
    notice_remise_le: datetime.date | None


class PersonneSortie(_ChampsPersonne):
    id: int
    departement: str
    droit_rsa: choix(e.DroitRsa, vide=True)
    droit_rsa_le: datetime.date | None
    droit_rsa_motif: str | None = Field(description="Motif (côté social seulement ; null sinon).")
    inscrite_liste_rsa_le: datetime.date | None
    rqth: choix(e.ReponseSensible) | None = Field(description="Donnée de santé (côté social seulement ; null sinon).")
    opposition_le: datetime.date | None
    anonymisee: bool
    etat_parcours_en_cours: choix(e.EtatParcours) | None = Field(
        description="État du parcours ouvert (null : aucun parcours ouvert)."
    )
    champs_masques: list[str] = Field(description="Champs réservés au côté social, masqués pour ce compte.")
    cree_le: datetime.datetime
    modifie_le: datetime.datetime


class PagePersonnes(Page):
    resultats: list[PersonneSortie]


class PersonneCreation(Schema):
    """Enregistrement (repérage) : nom, prénom, date de naissance et commune sont obligatoires."""

    nom: str = Field(max_length=100, examples=["Martin"])
    prenom: str = Field(max_length=100, examples=["Isabelle"])
    date_naissance: datetime.date = Field(examples=["1985-04-12"])
    commune: str = Field(max_length=5, description="Code INSEE de la commune de résidence.", examples=["15014"])
    sexe: choix(e.Sexe) = e.Sexe.NON_RENSEIGNE
    identifiant_ft: str = Field("", max_length=20)
    organisme_allocataire: choix(e.OrganismeAllocataire, vide=True) = ""
    numero_allocataire: str = Field("", max_length=20)
    telephone: str = Field("", max_length=20)
    courriel: str = Field("", max_length=254)
    adresse: str = Field("", max_length=255)
    complement_adresse: str = Field("", max_length=255)
    beneficiaire_rsa: bool = False
    beneficiaire_are: bool = False
    beneficiaire_ass: bool = False
    beneficiaire_aah: bool = False
    beneficiaire_prime_activite: bool = False
    residence_qpv: bool = False
    niveau_formation: choix(e.NiveauFormation) = e.NiveauFormation.NON_RENSEIGNE
    parent_isole: bool = False
    sans_domicile: bool = False
    nationalite: choix(e.Nationalite) = e.Nationalite.NON_RENSEIGNE
    situation_marche_travail: choix(e.SituationMarcheTravail) = e.SituationMarcheTravail.NON_RENSEIGNE
    notice_remise_le: datetime.date | None = None
    confirmer_doublon: bool = Field(
        False,
        description="Après un 409 « doublon_probable » : vous avez vérifié qu'il s'agit d'une autre personne.",
    )


class PersonneModification(Schema):
    """Modification partielle (PATCH) : seuls les champs envoyés changent. ``rqth`` : côté social seulement."""

    nom: str | None = Field(None, max_length=100)
    prenom: str | None = Field(None, max_length=100)
    date_naissance: datetime.date | None = None
    commune: str | None = Field(None, max_length=5, description="Code INSEE, dans le département de la personne.")
    sexe: choix(e.Sexe) | None = None
    identifiant_ft: str | None = Field(None, max_length=20)
    organisme_allocataire: choix(e.OrganismeAllocataire, vide=True) | None = None
    numero_allocataire: str | None = Field(None, max_length=20)
    telephone: str | None = Field(None, max_length=20)
    courriel: str | None = Field(None, max_length=254)
    adresse: str | None = Field(None, max_length=255)
    complement_adresse: str | None = Field(None, max_length=255)
    beneficiaire_rsa: bool | None = None
    beneficiaire_are: bool | None = None
    beneficiaire_ass: bool | None = None
    beneficiaire_aah: bool | None = None
    beneficiaire_prime_activite: bool | None = None
    residence_qpv: bool | None = None
    niveau_formation: choix(e.NiveauFormation) | None = None
    parent_isole: bool | None = None
    sans_domicile: bool | None = None
    nationalite: choix(e.Nationalite) | None = None
    situation_marche_travail: choix(e.SituationMarcheTravail) | None = None
    notice_remise_le: datetime.date | None = None
    rqth: choix(e.ReponseSensible) | None = Field(None, description="Donnée de santé : côté social seulement (403).")


# --- Parcours ----------------------------------------------------------------------------------------------------


class ParcoursResume(Schema):
    id: int
    personne_id: int
    departement: str
    etat: choix(e.EtatParcours)
    modalite: choix(e.Modalite)
    modalite_entree: choix(e.Modalite, vide=True)
    date_reperage: datetime.date
    date_orientation: datetime.date | None
    date_entree: datetime.date | None
    date_fin_prevue: datetime.date | None
    renouvele_le: datetime.date | None
    jours_suspendus: int
    non_retenu_le: datetime.date | None
    motif_non_retenu: choix(e.MotifNonRetenu, vide=True)
    date_sortie: datetime.date | None
    motif_sortie: choix(e.MotifSortie, vide=True)
    conseiller: Membre | None = Field(description="Conseiller France Travail du binôme et son agence.")
    referent_social: Membre | None = Field(description="Référent social du binôme et son organisation.")
    cree_le: datetime.datetime
    modifie_le: datetime.datetime


class PageParcours(Page):
    resultats: list[ParcoursResume]


class Suspension(Schema):
    debut: datetime.date
    fin: datetime.date | None
    motif: choix(e.MotifSuspension) | None = Field(description="Côté social seulement (null sinon).")


class Coordination(Schema):
    id: int
    objet: choix(e.ObjetCoordination)
    cote_destinataire: choix(e.Cote)
    statut: choix(e.StatutCoordination)
    demande: str
    demandee_le: datetime.datetime
    reponse: str
    repondue_le: datetime.datetime | None
    accord: bool | None


class ParcoursFiche(ParcoursResume):
    accord_renouvellement_conseiller_le: datetime.date | None
    accord_renouvellement_referent_le: datetime.date | None
    accord_renouvellement_personne_le: datetime.date | None
    retour_diagnostic_accorde_le: datetime.date | None
    actions_possibles: list[str] = Field(
        description="Transitions que ce compte peut déclencher maintenant (POST /parcours/{id}/<action>)."
    )
    orientation_a_traiter: int | None = Field(
        description="Orientation en attente de ce parcours dans la boîte de réception de ce compte."
    )
    suspensions: list[Suspension]
    coordinations: list[Coordination]
    sortie_id: int | None


class MembresPossibles(Schema):
    conseillers: list[Membre]
    referents: list[Membre]


# --- Orientations, sorties -----------------------------------------------------------------------------------


class OrientationSortie(Schema):
    id: int
    parcours_id: int
    personne_id: int
    origine: choix(e.OrigineOrientation)
    modalite_proposee: choix(e.Modalite)
    motif: str
    date_proposition: datetime.date
    prescripteur: Compte
    organisation_prescripteur: OrganisationCourte
    cote_destinataire: choix(e.Cote)
    statut: choix(e.StatutOrientation)
    date_diagnostic_planifiee: datetime.date | None
    traitee_le: datetime.datetime | None
    motif_refus: str
    modifie_le: datetime.datetime


class PageOrientations(Page):
    resultats: list[OrientationSortie]


class SortieParcours(Schema):
    id: int
    parcours_id: int
    personne_id: int
    date: datetime.date
    motif: choix(e.MotifSortie)
    precision: str
    situation_fse: choix(e.SituationSortieFSE, vide=True)
    suivi_6_mois_echeance: datetime.date | None
    suivi_6_mois_fait_le: datetime.date | None
    emploi_6_mois: bool | None
    situation_amelioree_6_mois: bool | None
    modifie_le: datetime.datetime


class PageSorties(Page):
    resultats: list[SortieParcours]


# --- Corps des transitions -----------------------------------------------------------------------------------


class Orienter(Schema):
    modalite_proposee: choix(e.Modalite)
    motif: str = Field(max_length=1000, examples=["Freins sociaux importants, projet professionnel à construire."])
    organisation_id: int | None = Field(
        None, description="Organisation au titre de laquelle vous proposez (si vous en avez plusieurs)."
    )


class PlanifierDiagnostic(Schema):
    date_diagnostic: datetime.date


class RefuserOrientation(Schema):
    motif: choix(e.MotifNonRetenu)
    precision: str = Field("", max_length=200)


class NonRetenu(Schema):
    motif: choix(e.MotifNonRetenu)


class Frein(Schema):
    niveau: choix(e.NiveauFrein)
    situations: list[int] = Field([], description="Situations du référentiel (côté social seulement).")
    precision: str = Field("", max_length=200, description="Précision (côté social seulement).")


class Diagnostiquer(Schema):
    """Le strict nécessaire du diagnostic partagé et de la décision conjointe (lecture : routes des diagnostics)."""

    date: datetime.date
    freins: dict[choix(e.DomaineFrein), Frein] = Field(description="Un niveau pour chacun des dix domaines.")
    decision: choix(e.DecisionDiagnostic)
    adhesion: bool | None = Field(None, description="Adhésion de la personne : obligatoire pour une entrée.")
    adhesion_le: datetime.date | None = None
    decision_le: datetime.date | None = None
    motif_non_retenu: choix(e.MotifNonRetenu, vide=True) = ""
    precision_non_retenu: str = Field("", max_length=200)
    personne_presente: bool = True
    conseiller_id: int | None = Field(None, description="Conseiller France Travail présent (compte).")
    travailleur_social_id: int | None = Field(None, description="Travailleur social présent (compte).")
    activite_2_dernieres_annees: bool | None = None
    duree_hors_emploi: choix(e.DureeHorsEmploi, vide=True) = ""
    qualification: choix(e.Qualification, vide=True) = ""
    aspiration: choix(e.Aspiration, vide=True) = ""
    projet_rome: str = Field("", max_length=5)
    signe_le: datetime.date | None = None
    date_revue: datetime.date | None = None


class Activer(Schema):
    """Entrée : le binôme (comptes et organisations parmi ``GET /parcours/{id}/membres-possibles``)."""

    conseiller_id: int
    organisation_conseiller_id: int
    referent_social_id: int
    organisation_referent_id: int
    date_entree: datetime.date | None = Field(None, description="Obligatoire à la première entrée.")


class Suspendre(Schema):
    debut: datetime.date
    motif: choix(e.MotifSuspension)


class Reprendre(Schema):
    date: datetime.date


class Renouveler(Schema):
    motif: str = Field("", max_length=200, description="Obligatoire au premier accord.")
    accord_personne: bool = Field(False, description="La personne est d'accord (premier accord).")


class BasculerSocialExclusif(Schema):
    motif: str = Field("", max_length=200, description="Obligatoire au premier accord.")


class DemanderCoordination(Schema):
    objet: choix(e.ObjetCoordination)
    demande: str = Field(max_length=1000)


class RepondreCoordination(Schema):
    reponse: str = Field("", max_length=1000)
    accord: bool


class Sortir(Schema):
    date: datetime.date
    motif: choix(e.MotifSortie)
    situation_fse: choix(e.SituationSortieFSE) = Field(description="Situation à la sortie (FSE+).")
    precision: str = Field("", max_length=200)


class SuiviSixMois(Schema):
    fait_le: datetime.date
    emploi_6_mois: bool | None = None
    situation_amelioree_6_mois: bool | None = None
    motif: str = Field("", max_length=200, description="Obligatoire pour corriger un suivi déjà fait.")
