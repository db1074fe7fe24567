"""Fabriques communes et personas nommés.

Chaque application a ses propres fabriques dans ``tests/<application>/factories.py`` ;
celles-ci couvrent le socle (territoires, organisations, comptes).
"""

import factory
from factory.django import DjangoModelFactory

from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.organisations.models import Organisation, ParametresDepartement, TypeOrganisation
from binome.territoires.models import CodePostal, Commune, Departement, Region

MOT_DE_PASSE = "mot-de-passe-de-test-123"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "84"
    nom = "Auvergne-Rhône-Alpes"


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "15"
    nom = "Cantal"
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code_insee",)
        skip_postgeneration_save = True

    # Toujours 5 caractères (PostgreSQL refuse une valeur plus longue que la colonne, SQLite non).
    code_insee = factory.Sequence(lambda n: f"9{n % 10000:04d}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    departement = factory.SubFactory(DepartementFactory)
    code_postal = "15000"
    latitude = 45.0
    longitude = 2.5
    population = 1000

    @factory.post_generation
    def codes_postaux(obj, create, extracted, **kwargs):
        if create:
            for code in extracted or [obj.code_postal]:
                CodePostal.objects.get_or_create(code_postal=code, commune=obj)


class ParametresDepartementFactory(DjangoModelFactory):
    class Meta:
        model = ParametresDepartement
        django_get_or_create = ("departement",)

    departement = factory.SubFactory(DepartementFactory)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("departement", "type", "nom")

    nom = factory.Sequence(lambda n: f"Organisation {n}")
    type = TypeOrganisation.AGENCE_FT
    departement = factory.SubFactory(DepartementFactory)


class UtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = Utilisateur
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@exemple.gouv.fr")
    prenom = factory.Faker("first_name", locale="fr_FR")
    nom = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(MOT_DE_PASSE)


class HabilitationFactory(DjangoModelFactory):
    class Meta:
        model = Habilitation
        django_get_or_create = ("utilisateur", "organisation", "role")

    utilisateur = factory.SubFactory(UtilisateurFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONSEILLER_FT


def agent(email: str, prenom: str, nom: str, organisation: Organisation, role: str) -> Utilisateur:
    utilisateur = UtilisateurFactory(email=email, prenom=prenom, nom=nom)
    HabilitationFactory(utilisateur=utilisateur, organisation=organisation, role=role)
    return utilisateur
