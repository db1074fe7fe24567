"""``manage.py import_data_inclusion FICHIER.json --departement CODE`` : import d'un fichier data·inclusion v1.

L'import n'agit que dans le département donné : une fiche située ailleurs, une fiche existante d'un autre
département ou venue d'une autre source est écartée et signalée (``binome.ressources.importation_perimetre``).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.core.lecture_json import FichierJSONRefuse, lire_json, refus_taille
from binome.ressources.importation import TAILLE_MAX_JSON, importer_data_inclusion
from binome.territoires.models import Departement


class Command(BaseCommand):
    help = _(
        'Importe un objet JSON {"structures": [...], "services": [...]} au format data·inclusion v1 dans un '
        "département : chaque enregistrement est validé, les invalides et ceux d'un autre département ou d'une "
        "autre source sont écartés et signalés, les autres créés ou mis à jour par identifiant."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument(
            "--departement", required=True, help=_("Code du département : l'import n'écrit que dans celui-ci.")
        )
        parser.add_argument(
            "--sans-progression", action="store_true", help=_("N'affiche pas la barre de progression.")
        )

    def handle(self, *args, fichier: Path, departement, sans_progression=False, **options):
        if not Departement.objects.filter(code=departement).exists():
            raise CommandError(_("Département inconnu : %(d)s") % {"d": departement})
        if not fichier.is_file():
            raise CommandError(_("Fichier introuvable : %(f)s") % {"f": fichier})
        try:
            if fichier.stat().st_size > TAILLE_MAX_JSON:
                raise refus_taille(TAILLE_MAX_JSON)  # refusé sans être lu
            donnees = lire_json(fichier.read_bytes(), taille_max=TAILLE_MAX_JSON)
        except FichierJSONRefuse as refus:
            raise CommandError(
                _("Fichier refusé, rien n'a été enregistré. %(r)s") % {"r": " ".join(refus.messages)}
            ) from refus

        def progression(total):
            return tqdm(total=total, unit="enr.", desc=_("Import"), disable=sans_progression, file=self.stderr)

        try:
            rapport = importer_data_inclusion(donnees, departement=departement, progression=progression)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for rejet in rapport.rejets:
            self.stdout.write(self.style.WARNING(_("Écarté — %(r)s") % {"r": rejet}))
        self.stdout.write(self.style.SUCCESS(rapport.resume()))
