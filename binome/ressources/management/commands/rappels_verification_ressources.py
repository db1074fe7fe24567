"""``manage.py rappels_verification_ressources`` : relance les mainteneurs des fiches à vérifier.

La même fonction est exposée comme tâche de fond (``binome.ressources.taches.rappels_verification``).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from binome.ressources.services import rappels_verification_envoyer


class Command(BaseCommand):
    help = _("Envoie un rappel aux mainteneurs des services dont la date de vérification est dépassée.")

    def handle(self, *args, **options):
        nombre = rappels_verification_envoyer()
        self.stdout.write(self.style.SUCCESS(_("%(n)s rappels envoyés.") % {"n": nombre}))
