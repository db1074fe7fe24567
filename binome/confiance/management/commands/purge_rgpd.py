"""``manage.py purge_rgpd [--dry-run] [--departement 15]`` : anonymise les dossiers échus."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from binome.confiance import echeances
from binome.confiance import services as ecritures


class Command(BaseCommand):
    help = "Anonymise irréversiblement les dossiers sans contact depuis la durée de conservation du département."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Montre ce qui serait anonymisé, sans rien changer."
        )
        parser.add_argument("--departement", action="append", help="Code du département (répétable).")

    def handle(self, *args, dry_run=False, departement=None, **options):
        selection = echeances.selection(departements=departement)
        total = sum(len(groupe.echues) for groupe in selection)
        en_cours = sum(groupe.en_cours for groupe in selection)
        for groupe in selection:
            self.stdout.write(
                f"Département {groupe.departement} : conservation {groupe.duree_mois} mois, "
                f"dernier contact avant le {groupe.limite:%d/%m/%Y} → {len(groupe.echues)} dossier(s) à anonymiser"
                + (f", {groupe.en_cours} dossier(s) encore en cours à clore d'abord" if groupe.en_cours else "")
            )
            if dry_run and groupe.echues:
                numeros = ", ".join(str(pk) for pk in groupe.echues[:50])
                suite = " …" if len(groupe.echues) > 50 else ""
                self.stdout.write(f"  dossiers n° {numeros}{suite}")
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Simulation : {total} dossier(s) seraient anonymisés. Rien n'a été modifié.")
            )
            return
        with tqdm(total=total, desc="Anonymisation", unit="dossier", disable=total == 0) as barre:
            nombre = ecritures.purger(departements=departement, progression=barre)
        self.stdout.write(
            self.style.SUCCESS(f"{nombre} dossier(s) anonymisé(s).")
            + (f" {en_cours} dossier(s) en cours sans contact restent à clore." if en_cours else "")
        )
