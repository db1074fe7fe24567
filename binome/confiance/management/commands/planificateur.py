"""``manage.py planificateur`` : le processus qui met en file les tâches planifiées dues (Procfile, systemd).

Boucle : un passage (``binome.confiance.planificateur.passage``) toutes les ``--intervalle`` secondes (60 par
défaut), jusqu'à SIGINT (Ctrl-C) ou SIGTERM (``systemctl stop``), qui l'arrêtent proprement entre deux passages.
``--une-fois`` : un seul passage, puis la commande s'arrête (exploitation, tests). Une erreur pendant un passage
(base indisponible…) est journalisée et le passage suivant réessaie. Le travailleur ``manage.py db_worker``
exécute les tâches mises en file.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from binome.confiance import planification
from binome.confiance.planificateur import ecrire, identite, passage

journal = logging.getLogger("binome.planificateur")


class Command(BaseCommand):
    help = "Met en file, une fois par jour, chaque tâche planifiée due (boucle ; --une-fois pour un seul passage)."

    def add_arguments(self, parser):
        parser.add_argument("--une-fois", action="store_true", help="Un seul passage, puis s'arrêter.")
        parser.add_argument(
            "--intervalle", type=float, default=60.0, help="Secondes entre deux passages (60 par défaut)."
        )

    def handle(self, *args, une_fois, intervalle, **options):
        erreurs = planification.erreurs_planification(planification.TACHES_PLANIFIEES)
        if erreurs:
            raise CommandError("\n".join(e.msg for e in erreurs))
        if une_fois:
            ecrire(self.stdout, passage(par=identite()), tout=True)
            return
        if intervalle <= 0:
            raise CommandError("--intervalle doit être positif.")
        self._boucle(intervalle)

    def _boucle(self, intervalle: float) -> None:
        arret = threading.Event()

        def arreter(numero, _cadre):
            journal.info("Planificateur : signal %s reçu, arrêt.", signal.Signals(numero).name)
            arret.set()

        anciens = {s: signal.signal(s, arreter) for s in (signal.SIGINT, signal.SIGTERM)}
        journal.info("Planificateur démarré (%s), un passage toutes les %g s.", identite(), intervalle)
        try:
            while not arret.is_set():
                close_old_connections()
                try:
                    passage(par=identite())  # chaque mise en file est journalisée (binome.planificateur)
                except Exception:
                    journal.exception("Planificateur : passage en échec, nouvel essai au prochain passage")
                close_old_connections()
                arret.wait(intervalle)
        finally:
            for numero, ancien in anciens.items():
                signal.signal(numero, ancien)
        journal.info("Planificateur arrêté.")
