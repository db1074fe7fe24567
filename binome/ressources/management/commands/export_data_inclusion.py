"""``manage.py export_data_inclusion --departement CODE --output FICHIER.json``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.ressources.exportation import exporter_departement
from binome.territoires.models import Departement


class Command(BaseCommand):
    help = _(
        "Exporte au format data·inclusion v1 les services publiés d'un département (situés ou éligibles) "
        "et leurs structures ; chaque enregistrement est validé par le paquet data-inclusion-schema."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", required=True)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, departement, output: Path, sans_progression=False, **options):
        if not Departement.objects.filter(code=departement).exists():
            raise CommandError(_("Département inconnu : %(d)s") % {"d": departement})

        def progression(iterateur, total):
            return tqdm(
                iterateur, total=total, unit="serv.", desc=_("Export"), disable=sans_progression, file=self.stderr
            )

        export = exporter_departement(departement, progression=progression)
        output.write_text(json.dumps(export.en_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        for ident, raison in export.ecartes:
            self.stdout.write(self.style.WARNING(_("Non exporté — %(id)s : %(r)s") % {"id": ident, "r": raison}))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(s)s structures et %(v)s services exportés dans %(f)s.")
                % {"s": len(export.structures), "v": len(export.services), "f": output}
            )
        )
