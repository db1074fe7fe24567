"""Fabriques de l'accompagnement (réutilisent les fabriques du socle et les personas).

Usage typique avec les personas :

    parcours = parcours_du_binome(personas)                      # parcours ACTIF Claire + Sophie (Cantal)
    parcours = ParcoursFactory(personne__commune=..., etat=...)  # parcours libre
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Action,
    Contact,
    DemandeCoordination,
    Diagnostic,
    ElementReferentiel,
    Evenement,
    FreinDiagnostic,
    NotePrivee,
    Objectif,
    Orientation,
    Parcours,
    PeriodeSuspension,
    Personne,
    PlanAction,
    Sortie,
)
from tests import factories as f

AUJOURDHUI = datetime.date(2025, 3, 3)


class ElementReferentielFactory(DjangoModelFactory):
    class Meta:
        model = ElementReferentiel
        django_get_or_create = ("type", "theme_code", "libelle")

    type = e.TypeElementReferentiel.SITUATION
    theme_code = "mobilite"
    theme_libelle = "Mobilité"
    libelle = factory.Sequence(lambda n: f"Situation {n}")
    domaine_frein = e.DomaineFrein.MOBILITE


class PersonneFactory(DjangoModelFactory):
    class Meta:
        model = Personne

    departement = factory.SubFactory(f.DepartementFactory)
    commune = factory.SubFactory(f.CommuneFactory, departement=factory.SelfAttribute("..departement"))
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    date_naissance = datetime.date(1985, 6, 15)
    sexe = e.Sexe.FEMME
    identifiant_ft = factory.Sequence(lambda n: f"{n:07d}X")
    beneficiaire_rsa = True
    niveau_formation = e.NiveauFormation.CITE_3_4
    situation_marche_travail = e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE


class ParcoursFactory(DjangoModelFactory):
    """Parcours actif par défaut (entrée datée, caractéristiques copiées de la personne)."""

    class Meta:
        model = Parcours

    personne = factory.SubFactory(PersonneFactory)
    departement = factory.SelfAttribute("personne.departement")
    etat = e.EtatParcours.ACTIF
    modalite = e.Modalite.GLOBAL
    date_reperage = AUJOURDHUI - datetime.timedelta(days=40)
    date_orientation = AUJOURDHUI - datetime.timedelta(days=30)
    date_entree = factory.LazyAttribute(
        lambda o: None if o.etat in e.ETATS_AVANT_ENTREE or o.etat == e.EtatParcours.NON_RETENU else AUJOURDHUI
    )
    date_fin_prevue = factory.LazyAttribute(lambda o: o.date_entree and o.date_entree + datetime.timedelta(days=365))
    modalite_entree = factory.LazyAttribute(lambda o: o.modalite if o.date_entree else "")
    sexe = factory.SelfAttribute("personne.sexe")
    age_entree = 39
    tranche_age_entree = e.TrancheAge.DE_30_A_44
    commune_entree = factory.SelfAttribute("personne.commune")
    rsa_entree = factory.SelfAttribute("personne.beneficiaire_rsa")
    niveau_formation_entree = factory.SelfAttribute("personne.niveau_formation")


class OrientationFactory(DjangoModelFactory):
    class Meta:
        model = Orientation

    parcours = factory.SubFactory(ParcoursFactory, etat=e.EtatParcours.ORIENTATION_PROPOSEE)
    origine = e.OrigineOrientation.CONSEILLER_FT
    modalite_proposee = e.Modalite.GLOBAL
    motif = "Freins sociaux identifiés lors de l'entretien."
    date_proposition = AUJOURDHUI
    prescripteur = factory.SubFactory(f.UtilisateurFactory)
    organisation_prescripteur = factory.SubFactory(
        f.OrganisationFactory, departement=factory.SelfAttribute("..parcours.departement")
    )
    cote_destinataire = e.Cote.DEPARTEMENT


class DiagnosticFactory(DjangoModelFactory):
    class Meta:
        model = Diagnostic

    parcours = factory.SubFactory(ParcoursFactory, etat=e.EtatParcours.DIAGNOSTIC_PARTAGE)
    date = AUJOURDHUI


class FreinDiagnosticFactory(DjangoModelFactory):
    class Meta:
        model = FreinDiagnostic

    diagnostic = factory.SubFactory(DiagnosticFactory)
    domaine = e.DomaineFrein.MOBILITE
    niveau = e.NiveauFrein.FORT


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    parcours = factory.SubFactory(ParcoursFactory)
    version = 1


class ObjectifFactory(DjangoModelFactory):
    class Meta:
        model = Objectif

    plan = factory.SubFactory(PlanActionFactory)
    libelle_libre = "Obtenir le permis B"
    cote = e.CotePlan.SOCIAL
    porteur = e.Porteur.PERSONNE


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanActionFactory)
    libelle_libre = "Inscription à l'auto-école sociale"
    cote = e.CotePlan.PARTENAIRE
    porteur = e.Porteur.PARTENAIRE


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    parcours = factory.SubFactory(ParcoursFactory)
    date = AUJOURDHUI
    canal = e.CanalContact.PRESENTIEL
    auteur = factory.SubFactory(f.UtilisateurFactory)


class PeriodeSuspensionFactory(DjangoModelFactory):
    class Meta:
        model = PeriodeSuspension

    parcours = factory.SubFactory(ParcoursFactory, etat=e.EtatParcours.SUSPENDU)
    debut = AUJOURDHUI
    motif = e.MotifSuspension.MALADIE


class SortieFactory(DjangoModelFactory):
    class Meta:
        model = Sortie

    parcours = factory.SubFactory(
        ParcoursFactory,
        etat=e.EtatParcours.SORTI,
        date_sortie=AUJOURDHUI + datetime.timedelta(days=200),
        motif_sortie=e.MotifSortie.EMPLOI_DURABLE,
    )
    date = factory.SelfAttribute("parcours.date_sortie")
    motif = factory.SelfAttribute("parcours.motif_sortie")
    situation_fse = e.SituationSortieFSE.EECR04


class DemandeCoordinationFactory(DjangoModelFactory):
    class Meta:
        model = DemandeCoordination

    parcours = factory.SubFactory(ParcoursFactory, etat=e.EtatParcours.SOCIAL_EXCLUSIF)
    objet = e.ObjetCoordination.POINT_SITUATION
    demande = "Point d'étape souhaité."
    auteur = factory.SubFactory(f.UtilisateurFactory)
    cote_auteur = e.Cote.DEPARTEMENT
    cote_destinataire = e.Cote.FRANCE_TRAVAIL
    demandee_le = factory.LazyFunction(lambda: datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC))


class NotePriveeFactory(DjangoModelFactory):
    class Meta:
        model = NotePrivee

    personne = factory.SubFactory(PersonneFactory)
    auteur = factory.SubFactory(f.UtilisateurFactory)
    organisation = factory.SubFactory(
        f.OrganisationFactory, departement=factory.SelfAttribute("..personne.departement")
    )
    texte = "Note du travailleur social."


class EvenementFactory(DjangoModelFactory):
    class Meta:
        model = Evenement

    personne = factory.SubFactory(PersonneFactory)
    type = e.TypeEvenement.CONTACT
    date = factory.LazyFunction(lambda: datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC))
    libelle = "Contact en présentiel"


# --- Raccourcis avec les personas -----------------------------------------------------------------------


def personne_du(territoire, commune: str | None = None, **champs) -> Personne:
    """Une personne résidant dans une commune du territoire (première commune par défaut)."""
    commune_obj = territoire.communes[commune] if commune else next(iter(territoire.communes.values()))
    return PersonneFactory(departement=territoire.departement, commune=commune_obj, **champs)


def parcours_du_binome(personas, *, territoire=None, conseiller=None, referent=None, **champs) -> Parcours:
    """Parcours du Cantal suivi par Claire (agence) et Sophie (MDS), ou par le binôme indiqué."""
    territoire = territoire or personas.cantal
    personne = champs.pop("personne", None) or personne_du(territoire)
    return ParcoursFactory(
        personne=personne,
        conseiller=conseiller if conseiller is not None else personas.conseiller,
        organisation_conseiller=territoire.agence,
        referent_social=referent if referent is not None else personas.travailleur_social,
        organisation_referent=territoire.unite,
        **champs,
    )
