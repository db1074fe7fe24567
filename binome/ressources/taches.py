"""Tâches de fond planifiées de l'annuaire (django-tasks ; ``manage.py db_worker``).

Elles appellent les services ; les envois mis en file par les services sont dans ``binome.ressources.envois``.
"""

from django_tasks import task

from binome.ressources.envois import notifier_orientation, notifier_signalement
from binome.ressources.services import orientations_expirer, rappels_verification_envoyer

# Noms historiques des tâches d'envoi (des tâches déjà en file peuvent encore les désigner).
__all__ = ["expirer_orientations", "notifier_orientation", "notifier_signalement", "rappels_verification"]


@task()
def rappels_verification() -> int:
    return rappels_verification_envoyer()


@task()
def expirer_orientations() -> int:
    return orientations_expirer()
