"""``manage.py registre_traitement [--ecrire]`` : inventaire des données personnelles depuis les modèles."""

from django.core.management.base import BaseCommand

from binome.confiance import registre_traitement as rt


class Command(BaseCommand):
    help = "Affiche (ou réécrit dans docs/donnees-personnelles.md) l'inventaire des données personnelles."

    def add_arguments(self, parser):
        parser.add_argument("--ecrire", action="store_true", help="Réécrit le bloc généré du document.")

    def handle(self, *args, ecrire=False, **options):
        if not ecrire:
            self.stdout.write(rt.inventaire())
            return
        texte = rt.DOCUMENT.read_text(encoding="utf-8")
        rt.DOCUMENT.write_text(rt.document_a_jour(texte), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"{rt.DOCUMENT} mis à jour."))
