"""Section que les instances branchent sur la fiche de la personne (``InstancesConfig.ready``)."""

from binome.instances import selectors


def section_fiche(request, personne, parcours) -> dict | None:
    """Les passages du parcours en cours devant une instance et ses manquements au contrat d'engagement."""
    donnees = selectors.instances_de_la_fiche(request.user, parcours)
    if not (donnees["points"] or donnees["manquements"] or donnees["peut_constater"]):
        return None
    return {"gabarit": "instances/_fiche.html", "contexte": {**donnees, "parcours": parcours}}
