"""Tâches de fond du quotidien (django-tasks ; ``manage.py db_worker``), planifiées dans
``binome.confiance.planification`` (rythme quotidien)."""

from django_tasks import task

from binome.quotidien import resumes


@task()
def envoyer_resumes() -> int:
    """Envoie les résumés dus aujourd'hui ; renvoie le nombre de courriels (une relance n'en renvoie aucun)."""
    return resumes.envoyer_resumes()
