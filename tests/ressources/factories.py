"""Fabriques de l'annuaire : des services créés par le même chemin que l'import (dérivés et index compris)."""

import itertools
from datetime import date

from binome.ressources.derives import preparer, synchroniser_index
from binome.ressources.models import Service, StatutService, Structure

_compteur = itertools.count(1)


def structure(**champs) -> Structure:
    n = next(_compteur)
    valeurs = {
        "id": f"test--structure-{n}",
        "source": "test",
        "nom": f"Structure {n}",
        "date_maj": date(2026, 1, 15),
    }
    valeurs.update(champs)
    objet = Structure(**valeurs)
    preparer([objet])
    objet.save()
    return objet


def service(structure_=None, **champs) -> Service:
    """Un service publié ; ``commune`` (objet ``Commune``) fixe adresse, code INSEE et coordonnées."""
    n = next(_compteur)
    commune = champs.pop("commune_obj", None)
    structure_ = structure_ or structure()
    valeurs = {
        "id": f"test--service-{n}",
        "source": "test",
        "structure": structure_,
        "nom": f"Service {n}",
        "description": "Un service d'accompagnement de test, décrit en quelques phrases courtes.",
        "date_maj": date(2026, 1, 15),
        "date_verification": date(2026, 1, 15),
        "thematiques": ["mobilite--preparer-un-permis"],
        "modes_accueil": ["en-presentiel"],
        "statut": StatutService.PUBLIE,
    }
    if commune is not None:
        valeurs.update(
            code_insee=commune.code_insee,
            commune=commune.nom,
            code_postal=commune.code_postal,
            latitude=commune.latitude,
            longitude=commune.longitude,
        )
    valeurs.update(champs)
    objet = Service(**valeurs)
    preparer([objet])
    objet.save()
    synchroniser_index([objet])
    return objet
