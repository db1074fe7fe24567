"""Tâches de fond de l'agenda (django-tasks ; ``manage.py db_worker``) : ce que la personne reçoit.

``annoncer_rendez_vous`` est mise en file par ``agenda.envois.rendez_vous_annonce`` (après commit des services) ;
``envoyer_rappels_rendez_vous`` est planifiée chaque jour (``confiance.planification.TACHES_PLANIFIEES``).
"""

from django_tasks import task

from binome.agenda import notifications


@task()
def annoncer_rendez_vous(rendez_vous_id: int, motif: str) -> bool:
    """Confirmation, modification ou annulation envoyée à la personne (courriel avec invitation, SMS)."""
    return notifications.annoncer(rendez_vous_id=rendez_vous_id, motif=motif)


@task()
def envoyer_rappels_rendez_vous() -> int:
    """Rappel deux jours avant chaque rendez-vous planifié, une seule fois (idempotente)."""
    return notifications.rappels_envoyer()


@task()
def prevenir_professionnels_annulation(rendez_vous_id: int) -> int:
    """La personne a annulé depuis son espace : courriel à chaque professionnel attendu (nombre de messages)."""
    return notifications.professionnels_prevenir_annulation(rendez_vous_id=rendez_vous_id)
