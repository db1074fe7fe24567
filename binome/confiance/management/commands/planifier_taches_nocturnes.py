"""``manage.py planifier_taches_nocturnes`` : met en file les tâches planifiées (lancé par un minuteur systemd).

Les tâches viennent de la liste unique ``binome.confiance.planification.TACHES_PLANIFIEES`` (vérifiée au
démarrage) ; par défaut celles du rythme « nocturne », ``--rythme quotidienne`` pour les autres. Le worker
``manage.py db_worker`` les exécute.
"""

from django.core.management.base import BaseCommand, CommandError

from binome.confiance.planification import Rythme, erreurs_planification, taches_du_rythme


def taches_nocturnes():
    """Les tâches django-tasks du rythme nocturne, dans l'ordre de la liste."""
    return [entree.tache for entree in taches_du_rythme(Rythme.NOCTURNE)]


class Command(BaseCommand):
    help = "Met en file les tâches planifiées d'un rythme (par défaut : les tâches de nuit)."

    def add_arguments(self, parser):
        parser.add_argument("--rythme", choices=[r.value for r in Rythme], default=Rythme.NOCTURNE.value)

    def handle(self, *args, rythme, **options):
        entrees = taches_du_rythme(Rythme(rythme))
        erreurs = erreurs_planification(entrees)
        if erreurs:
            raise CommandError("\n".join(e.msg for e in erreurs))
        for entree in entrees:
            resultat = entree.tache.enqueue()
            self.stdout.write(f"{entree.nom} : mise en file ({resultat.id}, {resultat.status})")
