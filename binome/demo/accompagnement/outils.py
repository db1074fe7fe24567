"""Démonstration de l'accompagnement : outils communs (dates, tirages, libellés, insertion par lots)."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from binome.accompagnement.models import (
    Action,
    Contact,
    DemandeCoordination,
    Diagnostic,
    Evenement,
    FreinDiagnostic,
    NotePrivee,
    Objectif,
    Orientation,
    Parcours,
    PeriodeSuspension,
    Personne,
    PlanAction,
    Sortie,
)
from binome.comptes.models import Utilisateur
from binome.core.historique import tracer
from binome.demo.accompagnement.donnees import RAISON
from binome.organisations.models import Organisation


def _a_midi(jour: datetime.date) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(jour, datetime.time(12))), timezone.now())


def _pondere(rng: random.Random, choix):
    valeurs, poids = zip(*choix, strict=True)
    return rng.choices(valeurs, weights=poids)[0]


@dataclass
class _Agent:
    utilisateur: Utilisateur
    organisation: Organisation


# Modèles du dossier, dans l'ordre des dépendances (ordre d'insertion des lots).
_ORDRE = (
    Personne,
    Parcours,
    Orientation,
    Diagnostic,
    FreinDiagnostic,
    PeriodeSuspension,
    PlanAction,
    Objectif,
    Action,
    Contact,
    Sortie,
    DemandeCoordination,
    NotePrivee,
    Evenement,
)
# Modèles à historique (django-simple-history) : ``hasattr(modele, "history")`` coûte cher, lu une fois.
_HISTORISES = frozenset(modele for modele in _ORDRE if hasattr(modele, "history"))


@dataclass
class _Lots:
    """Objets à insérer, par modèle, dans l'ordre des dépendances."""

    objets: dict = field(default_factory=lambda: defaultdict(list))
    situations: list = field(default_factory=list)  # (frein, [éléments])
    participants: list = field(default_factory=list)  # (contact, [utilisateurs])

    def ajouter(self, objet, *, acteur=None, le: datetime.date | None = None):
        if type(objet) in _HISTORISES:
            tracer(objet, acteur=acteur, raison=RAISON, date=_a_midi(le) if le is not None else None)
        self.objets[type(objet)].append(objet)
        return objet

    def enregistrer(self):
        for modele in _ORDRE:
            objets = self.objets.get(modele, [])
            if not objets:
                continue
            if modele in _HISTORISES:
                bulk_create_with_history(objets, modele, batch_size=500)
            else:
                modele.objects.bulk_create(objets, batch_size=500)
        lien = FreinDiagnostic.situations.through
        lien.objects.bulk_create(
            [
                lien(freindiagnostic_id=frein.pk, elementreferentiel_id=el.pk)
                for frein, els in self.situations
                for el in els
            ],
            batch_size=500,
        )
        lien = Contact.participants.through
        lien.objects.bulk_create(
            [
                lien(contact_id=contact.pk, utilisateur_id=u.pk)
                for contact, agents in self.participants
                for u in agents
            ],
            batch_size=500,
        )


_LIBELLES: dict = {}


def _libelle(enumeration, valeur) -> str:
    """Libellé traduit d'une valeur d'énumération, mis en cache : ``get_FOO_display()`` recalcule et hache tous
    les choix (traduits) à chaque appel, ce qui coûtait plusieurs secondes sur des milliers d'objets."""
    cle = (enumeration, valeur, translation.get_language())
    if cle not in _LIBELLES:
        _LIBELLES[cle] = str(enumeration(valeur).label)
    return _LIBELLES[cle]
