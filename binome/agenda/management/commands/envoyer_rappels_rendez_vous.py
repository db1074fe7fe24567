"""``manage.py envoyer_rappels_rendez_vous [--date AAAA-MM-JJ]`` : rappel aux personnes de leurs rendez-vous J+2.

La même fonction est la tâche planifiée quotidienne ``binome.agenda.taches.envoyer_rappels_rendez_vous`` ;
idempotente : un rappel déjà parti ne repart pas.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from binome.agenda.notifications import rappels_envoyer


class Command(BaseCommand):
    help = _("Rappelle à chaque personne son rendez-vous dans deux jours (courriel avec invitation, SMS).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Jour d'exécution simulé (AAAA-MM-JJ) ; aujourd'hui par défaut."))

    def handle(self, *args, **options):
        try:
            jour = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as erreur:
            raise CommandError(_("Date invalide : attendu AAAA-MM-JJ.")) from erreur
        nombre = rappels_envoyer(aujourdhui=jour)
        self.stdout.write(self.style.SUCCESS(_("%(n)s rappels envoyés.") % {"n": nombre}))
