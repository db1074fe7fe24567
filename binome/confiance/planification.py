"""Les tâches planifiées de Binôme : la liste unique, vérifiée au démarrage.

Chaque tâche que l'exploitation lance à heure fixe est déclarée ici, et seulement ici : un nom stable, la tâche
django-tasks importée normalement (une faute de frappe fait échouer le démarrage, elle ne fait plus disparaître
la purge RGPD sans bruit) et son rythme. ``manage.py planifier_taches_nocturnes`` met en file les tâches du
rythme demandé ; la vérification système ``binome.E001``… (``manage.py check``, lancée au démarrage de
``runserver``, ``migrate`` et des autres commandes) refuse une entrée qui n'est pas une tâche, un nom en double ou
un rythme inconnu. La liste est reprise dans docs/exploitation.md (« Tâches planifiées »).

Ce module importe des tâches de ``agenda``, ``ressources`` et ``confiance`` : il vit dans ``confiance``, couche
au-dessus de ``ressources``, ``agenda`` et ``accompagnement``.
"""

import enum
import inspect
from dataclasses import dataclass

from django.core import checks
from django_tasks.base import Task

from binome.agenda import taches as taches_agenda
from binome.confiance import taches as taches_confiance
from binome.ressources import taches as taches_ressources


class Rythme(enum.StrEnum):
    """Quand l'exploitation met la tâche en file (un minuteur systemd par rythme, voir docs/exploitation.md)."""

    NOCTURNE = "nocturne"  # chaque nuit, 02:30
    QUOTIDIENNE = "quotidienne"  # chaque jour ouvré, en journée


@dataclass(frozen=True)
class TachePlanifiee:
    nom: str
    tache: Task
    rythme: Rythme


TACHES_PLANIFIEES: tuple[TachePlanifiee, ...] = (
    # Anonymisation des dossiers sans contact depuis la durée de conservation (RGPD).
    TachePlanifiee("purge_rgpd", taches_confiance.purge_rgpd, Rythme.NOCTURNE),
    # Entrées du journal des accès de plus d'un an.
    TachePlanifiee("purge_journal", taches_confiance.purge_journal, Rythme.NOCTURNE),
    # Orientations vers un service restées sans réponse au-delà du délai.
    TachePlanifiee("expirer_orientations", taches_ressources.expirer_orientations, Rythme.NOCTURNE),
    # Rappels aux mainteneurs des fiches de l'annuaire à vérifier.
    TachePlanifiee("rappels_verification", taches_ressources.rappels_verification, Rythme.NOCTURNE),
    # Rappel aux personnes de leurs rendez-vous dans deux jours (courriel avec invitation, SMS) ; idempotente.
    TachePlanifiee("rappels_rendez_vous", taches_agenda.envoyer_rappels_rendez_vous, Rythme.QUOTIDIENNE),
)


def taches_du_rythme(rythme: Rythme, *, liste=None) -> list[TachePlanifiee]:
    """Les entrées de ce rythme, dans l'ordre de la liste."""
    return [entree for entree in (TACHES_PLANIFIEES if liste is None else liste) if entree.rythme == rythme]


def erreurs_planification(liste) -> list[checks.CheckMessage]:
    """Ce qui ne va pas dans une liste de tâches planifiées (vide si elle est correcte)."""
    erreurs = []
    noms_vus = set()
    for position, entree in enumerate(liste):
        libelle = f"TACHES_PLANIFIEES[{position}]"
        if not isinstance(entree, TachePlanifiee):
            erreurs.append(
                checks.Error(
                    f"{libelle} n'est pas une TachePlanifiee : {entree!r}.",
                    hint="Déclarez TachePlanifiee(nom, tache, rythme).",
                    obj="binome.confiance.planification",
                    id="binome.E001",
                )
            )
            continue
        if not isinstance(entree.tache, Task):
            erreurs.append(
                checks.Error(
                    f"{libelle} ({entree.nom!r}) : {entree.tache!r} n'est pas une tâche django-tasks.",
                    hint="Décorez la fonction par @django_tasks.task() et importez la tâche, pas son module.",
                    obj="binome.confiance.planification",
                    id="binome.E002",
                )
            )
        elif any(
            p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            for p in inspect.signature(entree.tache.func).parameters.values()
        ):
            erreurs.append(
                checks.Error(
                    f"{libelle} ({entree.nom!r}) : la tâche attend des arguments, elle ne peut pas être planifiée.",
                    obj="binome.confiance.planification",
                    id="binome.E003",
                )
            )
        if not isinstance(entree.rythme, Rythme):
            erreurs.append(
                checks.Error(
                    f"{libelle} ({entree.nom!r}) : rythme inconnu {entree.rythme!r}.",
                    hint=f"Rythmes possibles : {', '.join(Rythme)}.",
                    obj="binome.confiance.planification",
                    id="binome.E004",
                )
            )
        if not entree.nom or entree.nom in noms_vus:
            erreurs.append(
                checks.Error(
                    f"{libelle} : nom vide ou en double ({entree.nom!r}).",
                    obj="binome.confiance.planification",
                    id="binome.E005",
                )
            )
        noms_vus.add(entree.nom)
    return erreurs


@checks.register()
def verifier_planification(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Vérification système : la liste des tâches planifiées est correcte."""
    return erreurs_planification(TACHES_PLANIFIEES)
