"""Tâches d'envoi de courriels de l'annuaire, mises en file par ``binome.ressources.services`` après commit.

Couche basse de l'application : elles n'appellent que ``binome.ressources.notifications``. Les tâches
planifiées, qui appellent des services, sont dans ``binome.ressources.taches`` (au-dessus des services).
"""

from django_tasks import task

from binome.ressources import notifications
from binome.ressources.models import OrientationService, SignalementErreur


@task()
def notifier_signalement(signalement_id: int) -> int:
    signalement = SignalementErreur.objects.select_related("service", "auteur").filter(pk=signalement_id).first()
    if signalement is None:
        return 0
    return notifications.envoyer_signalement(signalement)


@task()
def notifier_orientation(orientation_id: int) -> int:
    orientation = OrientationService.objects.select_related("service").filter(pk=orientation_id).first()
    if orientation is None:
        return 0
    return notifications.envoyer_orientation(orientation)


@task()
def notifier_reponse_orientation(orientation_id: int) -> int:
    orientation = (
        OrientationService.objects.select_related("service", "emetteur", "repondue_par")
        .filter(pk=orientation_id)
        .first()
    )
    if orientation is None:
        return 0
    return notifications.envoyer_reponse_orientation(orientation)
