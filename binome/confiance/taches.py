"""Tâches de nuit de la confiance (django-tasks ; exécutées par ``manage.py db_worker``).

Leur planification est déclarée dans ``binome.confiance.planification`` (liste unique, vérifiée au démarrage) ;
le processus ``manage.py planificateur`` les met en file chaque nuit (voir docs/exploitation.md, « Processus »).
"""

from django.conf import settings
from django_tasks import task

from binome.confiance import services as ecritures
from binome.confiance.journal import purger_journal


@task()
def purge_rgpd() -> int:
    """Anonymise les dossiers dont la durée de conservation est échue ; renvoie leur nombre."""
    return ecritures.purger()


@task()
def purge_journal() -> int:
    """Supprime les entrées du journal des accès de plus d'un an ; renvoie leur nombre."""
    return purger_journal(duree_jours=settings.BINOME_CONSERVATION_JOURNAL_JOURS)
