"""Tâches du pilotage (django-tasks ; exécutées par ``manage.py db_worker``).

``rafraichir_agregats`` est planifiée chaque nuit (branchée dans ``PilotageConfig.ready`` sur
``binome.confiance.planification``) et mise en file à la demande par le super-administrateur.
"""

from django_tasks import task

from binome.comptes.models import Utilisateur
from binome.pilotage import services


@task()
def rafraichir_agregats(demande_par_id: int | None = None) -> int:
    """Recalcule et remplace les agrégats des tableaux de bord ; rend le nombre de lignes écrites."""
    acteur = None if demande_par_id is None else Utilisateur.objects.get(pk=demande_par_id)
    return services.agregats_rafraichir(acteur=acteur)
