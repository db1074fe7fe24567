"""``manage.py verifier_journal`` : vérifie les chaînes scellées (HMAC) du journal des accès."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from binome.confiance.models import EntreeJournal
from binome.confiance.verification import ecrire_ancres, lire_ancres, verifier_chaine


class Command(BaseCommand):
    help = "Vérifie que le journal des accès n'a été ni modifié ni tronqué (chaînes scellées par HMAC)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ancres",
            type=Path,
            help="Fichier des têtes relevées, gardé hors de la base : comparé puis mis à jour si tout est intact.",
        )

    def handle(self, *args, ancres=None, **options):
        precedentes = lire_ancres(ancres) if ancres else None
        with tqdm(total=EntreeJournal.objects.count(), desc="Vérification", unit="ligne") as barre:
            rapport = verifier_chaine(progression=barre, ancres=precedentes)
        if not rapport.intacte:
            for anomalie in rapport.anomalies[:100]:
                self.stderr.write(anomalie)
            raise CommandError(f"Journal altéré : {len(rapport.anomalies)} anomalie(s) sur {rapport.lignes} lignes.")
        if ancres:
            ecrire_ancres(ancres, rapport)
        self.stdout.write(
            self.style.SUCCESS(f"Journal intact : {rapport.lignes} lignes vérifiées, {len(rapport.tetes)} chaîne(s).")
        )
