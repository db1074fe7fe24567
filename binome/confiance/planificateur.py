"""Le planificateur : met en file, une fois par jour, chaque tâche due de ``TACHES_PLANIFIEES``.

django-tasks n'a pas de tâches périodiques. Le processus ``manage.py planificateur`` (Procfile, unité
``deploiement/binome-planificateur.service``) appelle ``passage()`` chaque minute ; ``--une-fois`` fait un seul
passage. Une tâche est **due** quand l'heure de Paris a atteint son heure de passage (``heure_de_passage`` : celle
de son rythme, ou la sienne). Avant de la mettre en file, le planificateur **réclame** la ligne (tâche, date) de
``ExecutionPlanifiee`` dans sa propre transaction : la contrainte d'unicité ne laisse passer qu'une réclamation,
même avec plusieurs planificateurs sur la même base ; les autres ne font rien. Un passage manqué (machine arrêtée
à 02:30) est rattrapé au passage suivant du même jour, puisque la tâche est due jusqu'à minuit et pas encore
réclamée. Le travailleur (``manage.py db_worker``) exécute chaque tâche mise en file une seule fois.
"""

import datetime
import logging
import os
import socket
from dataclasses import dataclass

from django.utils import timezone

from binome.confiance import planification
from binome.confiance.models import ExecutionPlanifiee
from binome.confiance.planification import FUSEAU, TachePlanifiee
from binome.confiance.services.planification import (
    execution_liberer,
    execution_noter_mise_en_file,
    execution_reclamer,
)

journal = logging.getLogger("binome.planificateur")


@dataclass(frozen=True)
class MiseEnFile:
    """Ce qu'un passage a fait d'une tâche due : ``mise en file``, ``déjà réclamée`` ou ``échec``."""

    nom: str
    date: datetime.date
    etat: str
    resultat_id: str = ""


def identite() -> str:
    """Qui réclame : la machine et le processus (visible dans ``ExecutionPlanifiee.par``)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def taches_dues(maintenant: datetime.datetime, *, liste=None) -> list[TachePlanifiee]:
    """Les entrées dont l'heure de passage (heure de Paris) est atteinte à ``maintenant``, dans l'ordre de la liste.

    On compare l'heure affichée à Paris : le jour du passage à l'heure d'été, 02:30 n'existe pas et la tâche de
    nuit devient due à 03:00 ; le jour du retour à l'heure d'hiver, 02:30 revient mais la tâche est déjà réclamée.
    """
    local = maintenant.astimezone(FUSEAU)
    entrees = planification.TACHES_PLANIFIEES if liste is None else liste
    return [entree for entree in entrees if local.time() >= entree.heure_de_passage]


def passage(
    *, maintenant: datetime.datetime | None = None, par: str | None = None, liste=None, sans_attendre: bool = False
) -> list[MiseEnFile]:
    """Un passage : réclame puis met en file chaque tâche due et pas encore réclamée aujourd'hui (heure de Paris).

    ``sans_attendre`` : toutes les entrées de ``liste`` sont dues, quelle que soit l'heure (commande
    ``planifier_taches_nocturnes``) ; la réclamation du jour reste la même : pas de seconde fois ce jour-là.
    """
    maintenant = maintenant or timezone.now()
    jour = maintenant.astimezone(FUSEAU).date()
    par = par or identite()
    if sans_attendre:
        dues = list(planification.TACHES_PLANIFIEES if liste is None else liste)
    else:
        dues = taches_dues(maintenant, liste=liste)
    deja = set(
        ExecutionPlanifiee.objects.filter(date=jour, nom__in=[e.nom for e in dues]).values_list("nom", flat=True)
    )
    compte_rendu = []
    for entree in dues:
        execution = None if entree.nom in deja else execution_reclamer(nom=entree.nom, date=jour, par=par)
        if execution is None:
            compte_rendu.append(MiseEnFile(entree.nom, jour, "déjà réclamée"))
            continue
        try:
            resultat = entree.tache.enqueue()
        except Exception:
            journal.exception("Tâche planifiée %s : mise en file impossible, réessai au prochain passage", entree.nom)
            execution_liberer(execution_id=execution.pk)
            compte_rendu.append(MiseEnFile(entree.nom, jour, "échec"))
            continue
        execution_noter_mise_en_file(execution_id=execution.pk, resultat_id=resultat.id)
        journal.info("Tâche planifiée %s du %s mise en file (%s)", entree.nom, jour.isoformat(), resultat.id)
        compte_rendu.append(MiseEnFile(entree.nom, jour, "mise en file", str(resultat.id)))
    return compte_rendu


def ecrire(sortie, compte_rendu: list[MiseEnFile], *, tout: bool = False) -> None:
    """Le compte rendu d'un passage, une ligne par tâche (``tout`` : aussi celles déjà réclamées)."""
    for mise in compte_rendu:
        if tout or mise.etat != "déjà réclamée":
            suffixe = f" ({mise.resultat_id})" if mise.resultat_id else ""
            sortie.write(f"{mise.nom} : {mise.etat} pour le {mise.date:%d/%m/%Y}{suffixe}")
    if tout and not compte_rendu:
        sortie.write("Aucune tâche due.")
    sortie.flush()
