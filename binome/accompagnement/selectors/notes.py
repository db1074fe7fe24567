"""Notes privées : écrites et partagées par le seul côté social ; bandeau « Ce qui est partagé avec qui »."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from binome.accompagnement.models import (
    NotePrivee,
    Parcours,
    Personne,
)
from binome.accompagnement.selectors.acces import (
    TYPES_ORGANISATION_SOCIALE,
    _q_cote_social,
    notes_privees_visibles,
    voit_cote_social,
)
from binome.comptes.models import Role
from binome.comptes.selectors import habilitations

# --- Notes privées ----------------------------------------------------------------------------------------


def peut_ecrire_note_privee(acteur, personne: Personne) -> bool:
    """Écrire et partager une note privée : le seul côté social (référent social, encadrant social)."""
    return voit_cote_social(acteur, personne)


def organisation_sociale_de(acteur, personne: Personne) -> int | None:
    """Organisation sociale au titre de laquelle l'acteur écrit sur cette personne (celle du parcours le
    plus récent qui lui ouvre le côté social), ou ``None``."""
    if not peut_ecrire_note_privee(acteur, personne):
        return None
    organisation = (
        Parcours.objects.filter(_q_cote_social(acteur), personne=personne, organisation_referent__isnull=False)
        .order_by("-date_reperage", "-pk")
        .values_list("organisation_referent_id", flat=True)
        .first()
    )
    if organisation:
        return organisation
    sociales = [
        h.organisation_id
        for h in habilitations(acteur)
        if h.role in (Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT)
        and h.organisation_type in TYPES_ORGANISATION_SOCIALE
        and h.departement_code == personne.departement_id
    ]
    return sociales[0] if sociales else None


def note_privee_a_partager(acteur, personne: Personne, pk) -> NotePrivee:
    """Une note de la personne que l'acteur (côté social) peut partager ; ``Http404`` sinon."""
    notes = notes_privees_visibles(acteur, personne) if peut_ecrire_note_privee(acteur, personne) else None
    return get_object_or_404(notes if notes is not None else NotePrivee.objects.none(), pk=pk)


def partage_du_dossier(acteur, personne: Personne) -> dict:
    """Ce que le bandeau « Ce qui est partagé avec qui » dit au professionnel. Le côté France Travail
    n'apprend pas combien de notes non partagées existent : seulement les notes qui lui sont partagées."""
    cote_social = voit_cote_social(acteur, personne)
    comptes = notes_privees_visibles(acteur, personne).aggregate(
        total=Count("pk"), partagees=Count("pk", filter=Q(partagee_le__isnull=False))
    )
    return {
        "cote_social": cote_social,
        "nb_notes": comptes["total"] if cote_social else None,
        "nb_partagees": comptes["partagees"],
    }
