"""``manage.py charger_epci`` : charge l'appartenance des communes aux EPCI (zones d'éligibilité)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from binome.ressources import epci


class Command(BaseCommand):
    help = _("Charge ou met à jour l'appartenance des communes aux EPCI (fichier livré). Idempotente.")

    def add_arguments(self, parser):
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, sans_progression=False, **options):
        with transaction.atomic():
            bilan = epci.charger(stdout=self.stdout, progression=not sans_progression)
        for libelle, compteurs in bilan.items():
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(l)s : %(c)s créées, %(m)s mises à jour, %(i)s inchangées, %(s)s supprimées.")
                    % {
                        "l": libelle,
                        "c": compteurs["creees"],
                        "m": compteurs["mises_a_jour"],
                        "i": compteurs["inchangees"],
                        "s": compteurs["supprimees"],
                    }
                )
            )
