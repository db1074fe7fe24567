"""Fabriques de l'agenda : un rendez-vous planifié du binôme d'un parcours."""

import datetime

import factory
from factory.django import DjangoModelFactory

from binome.agenda.enums import CanalRendezVous, TypeRendezVous
from binome.agenda.models import RendezVous
from tests import factories as f
from tests.accompagnement.factories import ParcoursFactory


class RendezVousFactory(DjangoModelFactory):
    class Meta:
        model = RendezVous
        skip_postgeneration_save = True

    parcours = factory.SubFactory(ParcoursFactory)
    type = TypeRendezVous.INDIVIDUEL
    debut = factory.LazyFunction(lambda: datetime.datetime(2025, 3, 5, 9, 30, tzinfo=datetime.UTC))
    duree_minutes = 45
    canal = CanalRendezVous.PRESENTIEL
    lieu = "Agence France Travail, 12 rue de la Gare"
    objet = "Point d'étape"
    organisateur = factory.SubFactory(f.UtilisateurFactory)
    cree_par = factory.SelfAttribute("organisateur")

    @factory.post_generation
    def professionnels(self, create, extracted, **kwargs):
        if create:
            self.professionnels.set(extracted if extracted is not None else [self.organisateur])
