"""Sections que les actions collectives branchent sur les pages des couches inférieures (``CollectifConfig.ready``)."""

from binome.collectif import selectors


def section_fiche(request, personne, parcours) -> dict | None:
    """Les inscriptions du parcours aux séances collectives, sur la fiche de la personne."""
    donnees = selectors.inscriptions_de_la_fiche(request.user, parcours)
    if not (donnees["inscriptions"] or donnees["peut_inscrire"]):
        return None
    return {"gabarit": "collectif/_fiche.html", "contexte": {**donnees, "parcours": parcours}}
