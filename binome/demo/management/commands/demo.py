"""``manage.py demo`` : données de démonstration fictives sur un territoire réel (Cantal, Calvados).

Réservée au développement : refuse de tourner quand ``DEBUG`` est désactivé. Chaque étape est un module
qui expose ``creer(stdout) -> None`` et peut être relancé sans rien créer en double.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Étapes, dans l'ordre. Chaque équipe ajoute la sienne à la suite du socle.
ETAPES = [
    "binome.demo.socle",
    "binome.demo.ressources",
    "binome.demo.accompagnement",
    "binome.demo.pilotage",
    "binome.demo.agenda",  # poste h3 : rendez-vous de la semaine, de la suivante, et manqués d'hier
    "binome.demo.partenaires",  # poste h4 (issue 14) : un partenaire invité dans un parcours par département
    "binome.demo.collectif",  # issue 14, poste h1 : actions collectives, séances passées et à venir
    "binome.demo.instances",  # issue 14, poste h3 : une instance par département, séance passée et à venir
    "binome.demo.espace",  # issue 16, poste h2 : une personne par département a son espace ouvert
]


class Command(BaseCommand):
    help = "Crée les données de démonstration (organisations, comptes, …). Refusée si DEBUG est désactivé."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Commande refusée : les données de démonstration ne se créent qu'en développement (DEBUG=1). "
                "Elles contiennent des mots de passe publics et ne doivent jamais exister en production."
            )
        for nom in ETAPES:
            module = importlib.import_module(nom)
            self.stdout.write(f"Démonstration : {nom}")
            if getattr(module, "TRANSACTION_PAR_SERVICE", False):
                # L'étape appelle des services à transaction durable (une par écriture) : pas de transaction
                # englobante, chaque service est atomique et l'étape est idempotente.
                module.creer(self.stdout)
                continue
            with transaction.atomic():
                module.creer(self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
