"""``manage.py reconstruire_index_ressources`` : reconstruit l'index plein texte (après un VACUUM sur SQLite)."""

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from binome.ressources import index_texte


class Command(BaseCommand):
    help = _("Reconstruit l'index plein texte de l'annuaire (FTS5 sur SQLite ; index GIN sur PostgreSQL).")

    def handle(self, *args, **options):
        index_texte.reconstruire(connection)
        self.stdout.write(self.style.SUCCESS(_("Index plein texte reconstruit.")))
