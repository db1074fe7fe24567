"""La section « Espace en ligne » de la fiche de la personne (``binome.accompagnement.fiche``)."""

from binome.espace.selectors.referent import section_espace


def section_fiche(request, personne, parcours) -> dict | None:
    donnees = section_espace(request.user, personne)
    if donnees is None:
        return None
    return {"gabarit": "espace/referent_section_fiche.html", "contexte": donnees}
