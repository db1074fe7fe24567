"""``manage.py import_ressources_csv FICHIER.csv --departement CODE`` : tableur départemental.

Modèle et colonnes : docs/ressources.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.ressources.importation import importer_csv
from binome.territoires.models import Departement


class Command(BaseCommand):
    help = _("Importe le tableur CSV des ressources d'un département ; les erreurs sont données par ligne.")

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--departement", required=True)
        parser.add_argument("--verifier-seulement", action="store_true", help=_("Vérifie sans rien enregistrer."))
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, fichier: Path, departement, verifier_seulement=False, sans_progression=False, **options):
        if not Departement.objects.filter(code=departement).exists():
            raise CommandError(_("Département inconnu : %(d)s") % {"d": departement})
        try:
            contenu = fichier.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(_("Fichier introuvable : %(f)s") % {"f": fichier}) from exc

        def progression(total):
            return tqdm(total=total, unit="enr.", desc=_("Import"), disable=sans_progression, file=self.stderr)

        rapport = importer_csv(
            contenu, departement_code=departement, verifier_seulement=verifier_seulement, progression=progression
        )
        for rejet in rapport.rejets:
            self.stdout.write(self.style.WARNING(str(rejet)))
        if verifier_seulement:
            self.stdout.write(_("Vérification seulement : rien n'a été enregistré."))
        else:
            self.stdout.write(self.style.SUCCESS(rapport.resume()))
