"""``manage.py planifier_taches_nocturnes [--rythme …]`` : met en file, tout de suite, les tâches d'un rythme.

Le processus ``manage.py planificateur`` le fait seul chaque jour à l'heure de chaque tâche ; cette commande sert
à l'exploitant qui veut avancer un rythme (après une restauration, par exemple). Elle passe par la même
réclamation (``ExecutionPlanifiee``, une ligne par tâche et par date) : une tâche déjà mise en file aujourd'hui ne
l'est pas une seconde fois, et le planificateur ne la relancera pas ce jour-là.
"""

from django.core.management.base import BaseCommand, CommandError

from binome.confiance.planificateur import ecrire, identite, passage
from binome.confiance.planification import Rythme, erreurs_planification, taches_du_rythme


def taches_nocturnes():
    """Les tâches django-tasks du rythme nocturne, dans l'ordre de la liste."""
    return [entree.tache for entree in taches_du_rythme(Rythme.NOCTURNE)]


class Command(BaseCommand):
    help = "Met en file tout de suite les tâches planifiées d'un rythme (par défaut : les tâches de nuit)."

    def add_arguments(self, parser):
        parser.add_argument("--rythme", choices=[r.value for r in Rythme], default=Rythme.NOCTURNE.value)

    def handle(self, *args, rythme, **options):
        entrees = taches_du_rythme(Rythme(rythme))
        erreurs = erreurs_planification(entrees)
        if erreurs:
            raise CommandError("\n".join(e.msg for e in erreurs))
        ecrire(self.stdout, passage(par=identite(), liste=entrees, sans_attendre=True), tout=True)
