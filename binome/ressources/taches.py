"""Tâches de fond planifiées de l'annuaire (django-tasks ; ``manage.py db_worker``).

Elles appellent les services ; les envois mis en file par les services sont dans ``binome.ressources.envois``.
"""

from django_tasks import task

from binome.ressources import notifications
from binome.ressources.envois import notifier_orientation, notifier_signalement
from binome.ressources.services import orientations_expirer

# Noms historiques des tâches d'envoi (des tâches déjà en file peuvent encore les désigner).
__all__ = ["expirer_orientations", "notifier_orientation", "notifier_signalement", "rappels_verification"]


@task()
def rappels_verification() -> int:
    return notifications.envoyer_rappels_verification()


@task()
def expirer_orientations() -> int:
    return orientations_expirer()
