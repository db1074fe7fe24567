"""Les tâches planifiées de Binôme : la liste unique, vérifiée au démarrage.

Chaque tâche que l'exploitation lance à heure fixe est déclarée ici, et seulement ici : un nom stable, la tâche
django-tasks importée normalement (une faute de frappe fait échouer le démarrage, elle ne fait plus disparaître
la purge RGPD sans bruit), son rythme et, au besoin, une heure propre (``heure=``, sinon celle du rythme ; heure
de Paris). Le processus ``manage.py planificateur`` met en file chaque tâche due, une fois par jour (une ligne
réclamée en base par tâche et par date, voir ``binome/confiance/planificateur.py``) ; la vérification système
``binome.E001``… (``manage.py check``, lancée au démarrage de ``runserver``, ``migrate`` et des autres commandes)
refuse une entrée qui n'est pas une tâche, un nom en double, un rythme inconnu ou une heure incorrecte. La liste
est reprise dans docs/exploitation.md (« Tâches planifiées »).

Ajouter une tâche : ``TachePlanifiee("nom", module.tache, Rythme.QUOTIDIENNE)`` dans ``TACHES_PLANIFIEES`` ; une
application plus haute dans les couches (``collectif``) appelle ``brancher(TachePlanifiee(…))`` dans ``ready()``.

Ce module importe des tâches de ``quotidien``, ``agenda``, ``ressources`` et ``confiance`` : il vit dans
``confiance``, couche au-dessus de ``quotidien``, ``ressources``, ``agenda`` et ``accompagnement``.
"""

import datetime
import enum
import inspect
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core import checks
from django_tasks.base import Task

from binome.agenda import taches as taches_agenda
from binome.confiance import taches as taches_confiance
from binome.quotidien import taches as taches_quotidien
from binome.ressources import taches as taches_ressources

#: Fuseau des heures de planification (celui des professionnels, indépendant de TIME_ZONE et de l'horloge du serveur).
FUSEAU = ZoneInfo("Europe/Paris")


class Rythme(enum.StrEnum):
    """Une fois par jour, dès l'heure du rythme (heure de Paris) ; un passage manqué est rattrapé ensuite."""

    NOCTURNE = "nocturne"  # chaque nuit, 02:30
    QUOTIDIENNE = "quotidienne"  # chaque jour, 07:00 (avant l'arrivée des professionnels)

    @property
    def heure(self) -> datetime.time:
        return HEURES_DES_RYTHMES[self]


HEURES_DES_RYTHMES: dict[Rythme, datetime.time] = {
    Rythme.NOCTURNE: datetime.time(2, 30),
    Rythme.QUOTIDIENNE: datetime.time(7, 0),
}


@dataclass(frozen=True)
class TachePlanifiee:
    """Une tâche planifiée : ``TachePlanifiee(nom, tache, rythme)``, ``heure=`` pour s'écarter de l'heure du rythme."""

    nom: str
    tache: Task
    rythme: Rythme
    heure: datetime.time | None = None

    @property
    def heure_de_passage(self) -> datetime.time:
        """L'heure (Paris) à partir de laquelle la tâche est due chaque jour."""
        return self.heure if self.heure is not None else self.rythme.heure


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
    # Résumés par courriel de ce qui attend chaque professionnel (poste h5) : la tâche tourne chaque jour, elle
    # n'envoie que les résumés dus (quotidien du lundi au vendredi, hebdomadaire le lundi) et jamais deux fois.
    TachePlanifiee("envoyer_resumes", taches_quotidien.envoyer_resumes, Rythme.QUOTIDIENNE),
)


def brancher(entree: TachePlanifiee) -> None:
    """Ajoute la tâche d'une application plus haute dans les couches (actions collectives : rappel des séances),
    depuis son ``AppConfig.ready()`` ; vérifiée comme les autres (``erreurs_planification``)."""
    global TACHES_PLANIFIEES
    if entree not in TACHES_PLANIFIEES:
        TACHES_PLANIFIEES = (*TACHES_PLANIFIEES, entree)


def taches_du_rythme(rythme: Rythme, *, liste=None) -> list[TachePlanifiee]:
    """Les entrées de ce rythme, dans l'ordre de la liste."""
    return [entree for entree in (TACHES_PLANIFIEES if liste is None else liste) if entree.rythme == rythme]


def _attend_des_arguments(tache: Task) -> bool:
    return any(
        p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        for p in inspect.signature(tache.func).parameters.values()
    )


def _defauts(libelle: str, entree: TachePlanifiee):
    """(identifiant, message, conseil) de chaque défaut d'une entrée, hors doublon de nom."""
    if not isinstance(entree.tache, Task):
        yield (
            "binome.E002",
            f"{libelle} ({entree.nom!r}) : {entree.tache!r} n'est pas une tâche django-tasks.",
            "Décorez la fonction par @django_tasks.task() et importez la tâche, pas son module.",
        )
    elif _attend_des_arguments(entree.tache):
        yield (
            "binome.E003",
            f"{libelle} ({entree.nom!r}) : la tâche attend des arguments, elle ne peut pas être planifiée.",
            None,
        )
    if not isinstance(entree.rythme, Rythme):
        yield (
            "binome.E004",
            f"{libelle} ({entree.nom!r}) : rythme inconnu {entree.rythme!r}.",
            f"Rythmes possibles : {', '.join(Rythme)}.",
        )
    if entree.heure is not None and (not isinstance(entree.heure, datetime.time) or entree.heure.tzinfo):
        yield (
            "binome.E006",
            f"{libelle} ({entree.nom!r}) : heure incorrecte {entree.heure!r}.",
            "Une heure sans fuseau, datetime.time(h, m) : c'est l'heure de Paris.",
        )


def erreurs_planification(liste) -> list[checks.CheckMessage]:
    """Ce qui ne va pas dans une liste de tâches planifiées (vide si elle est correcte)."""
    erreurs = []
    noms_vus = set()
    for position, entree in enumerate(liste):
        libelle = f"TACHES_PLANIFIEES[{position}]"
        if not isinstance(entree, TachePlanifiee):
            defauts = [("binome.E001", f"{libelle} n'est pas une TachePlanifiee : {entree!r}.", _FORME)]
        else:
            defauts = list(_defauts(libelle, entree))
            if not entree.nom or entree.nom in noms_vus:
                defauts.append(("binome.E005", f"{libelle} : nom vide ou en double ({entree.nom!r}).", None))
            noms_vus.add(entree.nom)
        erreurs += [
            checks.Error(message, hint=conseil, obj="binome.confiance.planification", id=identifiant)
            for identifiant, message, conseil in defauts
        ]
    return erreurs


_FORME = "Déclarez TachePlanifiee(nom, tache, rythme), avec heure=datetime.time(h, m) pour s'écarter du rythme."


@checks.register()
def verifier_planification(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Vérification système : la liste des tâches planifiées est correcte."""
    return erreurs_planification(TACHES_PLANIFIEES)
