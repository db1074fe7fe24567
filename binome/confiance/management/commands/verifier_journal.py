"""``manage.py verifier_journal`` : recalcule la chaîne d'empreintes du journal des accès."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from binome.confiance.journal import verifier_chaine
from binome.confiance.models import EntreeJournal


class Command(BaseCommand):
    help = "Vérifie que le journal des accès n'a pas été modifié (chaîne d'empreintes SHA-256)."

    def handle(self, *args, **options):
        with tqdm(total=EntreeJournal.objects.count(), desc="Vérification", unit="ligne") as barre:
            rapport = verifier_chaine(progression=barre)
        if not rapport.intacte:
            for anomalie in rapport.anomalies[:100]:
                self.stderr.write(anomalie)
            raise CommandError(f"Journal altéré : {len(rapport.anomalies)} anomalie(s) sur {rapport.lignes} lignes.")
        self.stdout.write(self.style.SUCCESS(f"Journal intact : {rapport.lignes} lignes vérifiées."))
