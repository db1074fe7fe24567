"""La convocation postale d'un rendez-vous : le courrier imprimé pour une personne sans courriel ni téléphone.

Les mêmes informations que le courriel (``notifications.details``) : ni l'objet saisi ni aucun détail social ou de
santé ; en plus, l'en-tête de la structure, l'adresse postale de la personne et une mention d'information RGPD.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from binome.agenda import notifications


def _ligne_commune(commune) -> str:
    return f"{commune.code_postal} {commune.nom}".strip() if commune else ""


def injoignable(personne) -> bool:
    """Ni courriel ni téléphone : seule la convocation postale atteint la personne."""
    return not personne.courriel and not personne.telephone


def contexte(rendez_vous) -> dict:
    personne = rendez_vous.parcours.personne
    organisation = notifications.structure(rendez_vous)
    commune_structure = organisation.commune if organisation else None
    with translation.override("fr"):
        aujourdhui = formats.date_format(timezone.localdate(), "j F Y")
    return {
        **notifications.details(rendez_vous),
        "rendez_vous": rendez_vous,
        "destinataire": [
            ligne
            for ligne in (
                f"{personne.prenom} {personne.nom}".strip(),
                personne.adresse,
                personne.complement_adresse,
                _ligne_commune(personne.commune),
            )
            if ligne
        ],
        "entete": [
            ligne
            for ligne in (
                organisation.adresse if organisation else "",
                _ligne_commune(commune_structure),
                organisation.telephone if organisation else "",
                organisation.courriel if organisation else "",
            )
            if ligne
        ],
        "fait_a": commune_structure.nom if commune_structure else "",
        "fait_le": aujourdhui,
        "url_donnees_personnelles": settings.BINOME_URL_SITE.rstrip("/") + reverse("core:donnees_personnelles"),
        "dpo": settings.BINOME_EDITEUR_DPO,
        "nom_produit": settings.BINOME_NOM_PRODUIT,
    }
