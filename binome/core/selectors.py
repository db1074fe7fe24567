"""Lectures du socle : informations des pages légales (réglages seulement, aucune application métier)."""

from django.conf import settings


def informations_editeur() -> dict:
    """Éditeurs, hébergeur et contacts des pages légales (réglages ``BINOME_EDITEUR_*``, ``BINOME_HEBERGEUR*``)."""
    return {
        "departement": settings.BINOME_EDITEUR_DEPARTEMENT,
        "departement_adresse": settings.BINOME_EDITEUR_DEPARTEMENT_ADRESSE,
        "france_travail": settings.BINOME_EDITEUR_FRANCE_TRAVAIL,
        "direction_publication": settings.BINOME_EDITEUR_DIRECTION_PUBLICATION,
        "contact": settings.BINOME_EDITEUR_CONTACT,
        "dpo": settings.BINOME_EDITEUR_DPO,
        "hebergeur": settings.BINOME_HEBERGEUR,
        "hebergeur_adresse": settings.BINOME_HEBERGEUR_ADRESSE,
        "accessibilite_date": settings.BINOME_ACCESSIBILITE_DATE,
        "code_source": settings.BINOME_CODE_SOURCE,
    }
