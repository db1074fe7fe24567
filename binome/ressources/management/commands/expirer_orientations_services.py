"""``manage.py expirer_orientations_services`` : passe en « expirée » les orientations sans réponse dans le délai."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from binome.ressources.services import orientations_expirer


class Command(BaseCommand):
    help = _("Expire les orientations vers des services restées sans réponse au-delà du délai du département.")

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(_("%(n)s orientations expirées.") % {"n": orientations_expirer()}))
