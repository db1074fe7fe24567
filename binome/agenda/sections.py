"""Sections que l'agenda branche sur les pages des couches inférieures (``AgendaConfig.ready``)."""

from binome.agenda import selectors


def section_fiche(request, personne, parcours) -> dict | None:
    """Les rendez-vous à venir et passés du parcours en cours, sur la fiche de la personne."""
    donnees = selectors.rendez_vous_de_la_fiche(request.user, parcours)
    if not (donnees["a_venir"] or donnees["passes"] or donnees["peut_planifier"]):
        return None
    return {"gabarit": "agenda/_fiche_rendez_vous.html", "contexte": {**donnees, "parcours": parcours}}
