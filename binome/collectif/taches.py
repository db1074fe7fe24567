"""Tâches de fond des actions collectives (django-tasks ; ``manage.py db_worker``) : ce que reçoivent les inscrits.

Les trois annonces sont mises en file par ``collectif.envois`` (après commit des services) ;
``envoyer_rappels_seances`` est planifiée chaque jour (``confiance.planification``, branchée par
``CollectifConfig.ready``).
"""

from django_tasks import task

from binome.collectif import notifications


@task()
def annoncer_inscription(inscription_id: int) -> bool:
    """Confirmation d'une inscription (courriel avec invitation, SMS)."""
    return notifications.annoncer_inscription(inscription_id)


@task()
def annoncer_modification_seance(seance_id: int) -> int:
    """Nouvelle invitation à chaque inscrit d'une séance modifiée."""
    return notifications.annoncer_modification_seance(seance_id)


@task()
def annoncer_annulation(inscription_id: int) -> bool:
    """Annulation (désinscription ou séance annulée) envoyée à la personne."""
    return notifications.annoncer_annulation(inscription_id)


@task()
def envoyer_rappels_seances() -> int:
    """Rappel deux jours avant chaque séance à chaque inscrit, une seule fois (idempotente)."""
    return notifications.rappels_envoyer()
