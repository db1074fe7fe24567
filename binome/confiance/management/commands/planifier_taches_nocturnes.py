"""``manage.py planifier_taches_nocturnes`` : met en file les tâches de nuit (lancé par un minuteur systemd).

Tâches : purge RGPD (anonymisation des dossiers échus), purge du journal des accès à un an, et les
tâches de nuit de l'annuaire si elles existent (``binome.ressources.taches`` : expiration des
orientations, rappels de vérification). Le worker ``manage.py db_worker`` les exécute.
"""

import importlib

from django.core.management.base import BaseCommand

from binome.confiance import taches

# Tâches de nuit d'autres applications : (module, nom) ; ignorées si elles n'existent pas (encore).
TACHES_EXTERNES = (
    ("binome.ressources.taches", "expirer_orientations"),
    ("binome.ressources.taches", "rappels_verification"),
)


def taches_nocturnes():
    liste = [taches.purge_rgpd, taches.purge_journal]
    for module, nom in TACHES_EXTERNES:
        try:
            tache = getattr(importlib.import_module(module), nom, None)
        except ImportError:
            tache = None
        if tache is not None and hasattr(tache, "enqueue"):
            liste.append(tache)
    return liste


class Command(BaseCommand):
    help = "Met en file les tâches de nuit (purge RGPD, purge du journal, tâches de l'annuaire)."

    def handle(self, *args, **options):
        for tache in taches_nocturnes():
            resultat = tache.enqueue()
            self.stdout.write(f"{tache.name} : mise en file ({resultat.id}, {resultat.status})")
