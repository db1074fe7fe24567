"""Tâches de fond de l'API (django-tasks ; ``manage.py db_worker``)."""

from django_tasks import task

from binome.api import services


@task()
def purger_cles_idempotence() -> int:
    """Oublie les clés ``Idempotency-Key`` de plus de 24 h (planifiée chaque nuit, branchée par ``ApiConfig``)."""
    return services.cles_idempotence_purger()
