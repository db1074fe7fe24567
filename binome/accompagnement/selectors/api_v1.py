"""Lectures propres à l'API v1 (``binome.api``) : listes transverses (orientations, sorties), côté social d'une page
de personnes, commune saisie, membres possibles du binôme, orientation à traiter d'un parcours.

Mêmes briques que les pages (``acces``) : ce qu'une route de l'API montre est ce que le compte ouvre dans le
navigateur. Le module n'est pas réexporté par ``selectors/__init__`` : l'API l'importe par son nom.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from binome.accompagnement.enums import ETATS_CLOS
from binome.accompagnement.models import Orientation, Parcours, Sortie
from binome.accompagnement.selectors.acces import _AUCUN, _q_cote_social, _sans_habilitation, parcours_visibles
from binome.accompagnement.selectors.cycle import conseillers_possibles, referents_possibles
from binome.accompagnement.selectors.orientations import orientations_a_traiter
from binome.comptes.models import Habilitation
from binome.territoires.models import Commune


def orientations_visibles(acteur) -> QuerySet[Orientation]:
    """Orientations des parcours que l'acteur voit (la fiche du parcours les montre)."""
    return (
        Orientation.objects.filter(parcours__in=parcours_visibles(acteur).values("pk"))
        .select_related("parcours", "prescripteur", "organisation_prescripteur")
        .order_by("-date_proposition", "-pk")
    )


def orientation_pour(acteur, pk) -> Orientation:
    return get_object_or_404(orientations_visibles(acteur), pk=pk)


def sorties_visibles(acteur) -> QuerySet[Sortie]:
    """Sorties (et suivis à six mois) des parcours que l'acteur voit."""
    return (
        Sortie.objects.filter(parcours__in=parcours_visibles(acteur).values("pk"))
        .select_related("parcours")
        .order_by("-date", "-pk")
    )


def sortie_pour(acteur, pk) -> Sortie:
    return get_object_or_404(sorties_visibles(acteur), pk=pk)


def personnes_cote_social(acteur, pks) -> set[int]:
    """Parmi les personnes ``pks``, celles dont l'acteur voit le côté social (``voit_cote_social``), en une
    requête : une page de liste applique le secret partagé champ par champ sans requête par ligne."""
    if not pks or _sans_habilitation(acteur):
        return set()
    condition = _q_cote_social(acteur)
    if condition == _AUCUN:
        return set()
    return set(
        Parcours.objects.filter(condition, personne_id__in=list(pks)).values_list("personne_id", flat=True).distinct()
    )


def etat_en_cours(personne) -> str | None:
    """État du parcours ouvert de la personne (comme l'annotation ``etat_en_cours`` de ``personnes_liste``)."""
    return (
        Parcours.objects.filter(personne=personne)
        .exclude(etat__in=ETATS_CLOS)
        .order_by("-pk")
        .values_list("etat", flat=True)
        .first()
    )


def commune_saisie(code_insee: str, *, departements) -> Commune | None:
    """La commune ``code_insee`` si elle est dans l'un des ``departements`` (création : ceux où l'acteur
    enregistre ; modification : celui de la personne) ; ``None`` sinon (le service le refuse en français)."""
    if not code_insee:
        return None
    return Commune.objects.filter(pk=code_insee, departement__in=list(departements)).first()


def membre_possible(departement, *, cote: str, utilisateur_id, organisation_id=None) -> Habilitation | None:
    """L'habilitation d'un membre possible du binôme (``cote`` : ``conseiller`` ou ``referent``), par les mêmes
    listes que le formulaire d'entrée ; ``None`` si ce compte ne peut pas l'être (le service le refuse)."""
    if utilisateur_id is None:
        return None
    possibles = conseillers_possibles(departement) if cote == "conseiller" else referents_possibles(departement)
    possibles = possibles.filter(utilisateur_id=utilisateur_id)
    if organisation_id is not None:
        possibles = possibles.filter(organisation_id=organisation_id)
    return possibles.first()


def orientation_a_traiter_du_parcours(acteur, parcours: Parcours) -> Orientation | None:
    """L'orientation en attente de ce parcours dans la boîte de réception de l'acteur ; ``None`` sinon."""
    return orientations_a_traiter(acteur).filter(parcours=parcours).first()
