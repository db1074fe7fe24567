"""Fabriques des actions collectives : une action, une séance planifiée, une inscription sur une place.

Partagées par les tests des postes de l'issue 14 (services, vues, messages, pilotage) : les objets sont créés
directement par l'ORM, sans passer par les services (ni historique, ni message).
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from binome.collectif.enums import Organisateur, StatutInscription, StatutSeance, ThemeAction
from binome.collectif.models import ActionCollective, Inscription, SeanceCollective
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
