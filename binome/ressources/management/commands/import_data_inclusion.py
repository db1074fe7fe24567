"""``manage.py import_data_inclusion FICHIER.json`` : import d'un fichier au format data·inclusion v1."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.ressources.importation import importer_data_inclusion


class Command(BaseCommand):
    help = _(
        'Importe un objet JSON {"structures": [...], "services": [...]} au format data·inclusion v1 : '
        "chaque enregistrement est validé, les invalides sont écartés et signalés, les valides créés "
        "ou mis à jour par identifiant."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument(
            "--sans-progression", action="store_true", help=_("N'affiche pas la barre de progression.")
        )

    def handle(self, *args, fichier: Path, sans_progression=False, **options):
        try:
            donnees = json.loads(fichier.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(_("Fichier introuvable : %(f)s") % {"f": fichier}) from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(_("JSON illisible : %(e)s") % {"e": exc}) from exc

        def progression(total):
            return tqdm(total=total, unit="enr.", desc=_("Import"), disable=sans_progression, file=self.stderr)

        try:
            rapport = importer_data_inclusion(donnees, progression=progression)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for rejet in rapport.rejets:
            self.stdout.write(self.style.WARNING(_("Écarté — %(r)s") % {"r": rejet}))
        self.stdout.write(self.style.SUCCESS(rapport.resume()))
