"""Tâche de fond des fichiers reçus (django-tasks ; ``manage.py db_worker``, processus « worker » du Procfile)."""

from django_tasks import task

from binome.echanges.importation import traitement


@task()
def traiter_importation(importation_id: int) -> str:
    """Essai à blanc ou import d'une liste mise en file par la page ; renvoie le statut final."""
    return traitement.traiter(importation_id)
