"""Fabriques des actions collectives : une action, une séance planifiée, une inscription sur une place.

Deux familles : les classes factory_boy (poste h2) et les fonctions ``action_du``, ``seance_de``, ``inscription``,
``inscription_du_dossier`` (poste h1).

Partagées par les tests des postes de l'issue 14 (services, vues, messages, pilotage) : les objets sont créés
directement par l'ORM, sans passer par les services (ni historique, ni message).
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from binome.collectif.enums import Organisateur, StatutInscription, StatutSeance, ThemeAction
from binome.collectif.models import ActionCollective, Inscription, SeanceCollective
from binome.comptes.models import Utilisateur
from tests import factories as f
from tests.accompagnement.factories import ParcoursFactory


class ActionCollectiveFactory(DjangoModelFactory):
    class Meta:
        model = ActionCollective

    departement = factory.SubFactory(f.DepartementFactory)
    titre = "Café santé"
    theme = ThemeAction.SANTE
    organisateur = Organisateur.DEPARTEMENT
    organisation = factory.SubFactory(
        f.OrganisationFactory, departement=factory.SelfAttribute("..departement"), nom="Conseil départemental"
    )
    description = "Un temps d'échange convivial autour de l'accès aux soins, animé par le binôme."
    capacite = 8
    cree_par = factory.SubFactory(f.UtilisateurFactory)


class SeanceCollectiveFactory(DjangoModelFactory):
    """Séance planifiée le mercredi 5 mars 2025 à 14 h (heure de Paris), deux heures, animée par le créateur."""

    class Meta:
        model = SeanceCollective
        skip_postgeneration_save = True

    action = factory.SubFactory(ActionCollectiveFactory)
    debut = factory.LazyFunction(lambda: datetime.datetime(2025, 3, 5, 13, 0, tzinfo=datetime.UTC))
    duree_minutes = 120
    lieu = "Maison des solidarités, 3 place du Square, Aurillac"
    statut = StatutSeance.PLANIFIEE
    cree_par = factory.SelfAttribute("action.cree_par")

    @factory.post_generation
    def animateurs(self, create, extracted, **kwargs):
        if create:
            self.animateurs.set(extracted if extracted is not None else [self.cree_par])


class InscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Inscription

    seance = factory.SubFactory(SeanceCollectiveFactory)
    parcours = factory.SubFactory(
        ParcoursFactory, personne__departement=factory.SelfAttribute("...seance.action.departement")
    )
    statut = StatutInscription.INSCRITE
    accord_le = datetime.date(2025, 2, 20)
    inscrite_par = factory.SelfAttribute("seance.cree_par")


# --- Fabriques du poste h1 (recopiées telles quelles pour que la fusion garde les deux familles) ------------------


def action_du(territoire, auteur, **champs) -> ActionCollective:
    valeurs = {
        "departement": territoire.departement,
        "titre": "Café santé",
        "theme": ThemeAction.SANTE,
        "organisateur": Organisateur.DEPARTEMENT,
        "organisation": territoire.unite,
        "description": "Échanges autour de la santé, avec une infirmière.",
        "capacite": 3,
        "cree_par": auteur,
    }
    return ActionCollective.objects.create(**(valeurs | champs))


def seance_de(action, *, dans_jours: int = 7, **champs) -> SeanceCollective:
    valeurs = {
        "action": action,
        "debut": timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=dans_jours),
        "lieu": "Maison des solidarités, salle 2",
        "cree_par": action.cree_par,
    }
    seance = SeanceCollective.objects.create(**(valeurs | champs))
    seance.animateurs.set([action.cree_par])
    return seance


def inscription(seance, parcours, **champs) -> Inscription:
    valeurs = {
        "seance": seance,
        "parcours": parcours,
        "statut": StatutInscription.INSCRITE,
        "accord_le": timezone.localdate(),
        "inscrite_par": seance.cree_par,
    }
    return Inscription.objects.create(**(valeurs | champs))


def inscription_du_dossier(dossier) -> Inscription:
    """L'inscription de la personne d'un dossier de ``tests/confiance/monde.py`` à une séance à venir de son
    département, animée par son référent social (créée à la première demande) : pour le test d'accès généré."""
    existante = Inscription.objects.filter(parcours=dossier.parcours).select_related("seance").first()
    if existante is not None:
        return existante
    parcours = dossier.parcours
    # Un dossier né d'une proposition n'a pas encore de binôme : le premier compte venu signe l'action.
    auteur = parcours.referent_social or parcours.conseiller or Utilisateur.objects.order_by("pk").first()
    action = ActionCollective.objects.create(
        departement_id=parcours.departement_id,
        titre="Atelier budget",
        theme=ThemeAction.BUDGET,
        organisateur=Organisateur.DEPARTEMENT,
        organisation=parcours.organisation_referent,
        description="La fable du consommateur.",
        capacite=8,
        cree_par=auteur,
    )
    return inscription(seance_de(action), parcours, inscrite_par=auteur)
