"""Réclamation des tâches planifiées : une ligne ``ExecutionPlanifiee`` par tâche et par date.

La ligne est l'unique trace (elle n'a pas d'historique) : qui l'a réclamée, quand, et la tâche mise en file.
"""

import datetime

from django.db import IntegrityError, transaction

from binome.confiance.models import ExecutionPlanifiee


@transaction.atomic(durable=True)
def execution_reclamer(*, nom: str, date: datetime.date, par: str) -> ExecutionPlanifiee | None:
    """Réclame la tâche ``nom`` pour ``date`` ; ``None`` si un autre planificateur l'a déjà fait (contrainte unique).

    Sur PostgreSQL, une insertion concurrente attend la validation de la première puis échoue ; sur SQLite, la
    transaction IMMEDIATE sérialise les écrivains : dans les deux cas, une seule réclamation réussit.
    """
    try:
        with transaction.atomic():
            return ExecutionPlanifiee.objects.create(nom=nom, date=date, par=par[:255])
    except IntegrityError:
        return None


@transaction.atomic(durable=True)
def execution_noter_mise_en_file(*, execution_id: int, resultat_id: str) -> None:
    """Garde l'identifiant de la tâche django-tasks mise en file pour cette réclamation."""
    ExecutionPlanifiee.objects.filter(pk=execution_id).update(resultat_id=str(resultat_id)[:64])


@transaction.atomic(durable=True)
def execution_liberer(*, execution_id: int) -> None:
    """Rend la réclamation quand la mise en file a échoué : le passage suivant réessaiera."""
    ExecutionPlanifiee.objects.filter(pk=execution_id).delete()
