"""Tâches de fond de l'annuaire (django-tasks ; ``manage.py db_worker``)."""

from django_tasks import task

from binome.ressources import notifications
from binome.ressources.models import SignalementErreur


@task()
def notifier_signalement(signalement_id: int) -> int:
    signalement = SignalementErreur.objects.select_related("service", "auteur").filter(pk=signalement_id).first()
    if signalement is None:
        return 0
    return notifications.envoyer_signalement(signalement)


@task()
def rappels_verification() -> int:
    return notifications.envoyer_rappels_verification()


@task()
def notifier_orientation(orientation_id: int) -> int:
    from binome.ressources.models import OrientationService

    orientation = OrientationService.objects.select_related("service").filter(pk=orientation_id).first()
    if orientation is None:
        return 0
    return notifications.envoyer_orientation(orientation)


@task()
def expirer_orientations() -> int:
    from binome.ressources.services import orientations_expirer

    return orientations_expirer()
