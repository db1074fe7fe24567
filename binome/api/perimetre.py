"""Périmètre avant le corps : un objet de dossier que le compte ne voit pas répond 404 avant toute validation.

Une requête vers ``/parcours/{parcours_id}/…`` dont le corps est invalide, sur un dossier hors du périmètre du
compte, ne doit ni révéler que le dossier existe ni passer pour une simple erreur de saisie : les gestionnaires
d'erreurs de validation (``api.py``) vérifient d'abord, par les sélecteurs, chaque paramètre de chemin déclaré
ici. Un routeur qui ajoute un paramètre de dossier (``diagnostic_id``…) l'ajoute à ``LECTEURS``.
"""

from binome.accompagnement import selectors
from binome.accompagnement.selectors import api_v1

# Paramètre de chemin → lecture soumise au périmètre (``Http404`` si l'objet n'est pas ouvert au compte).
LECTEURS = {
    "personne_id": selectors.personne_pour,
    "parcours_id": selectors.parcours_pour,
    "orientation_id": api_v1.orientation_pour,
    "sortie_id": api_v1.sortie_pour,
    "coordination_id": selectors.coordination_pour,
}


def verifier(request) -> None:
    """Lève ``Http404`` si un paramètre de dossier de la route désigne un objet que le compte ne voit pas."""
    acteur = getattr(request, "auth", None)
    correspondance = getattr(request, "resolver_match", None)
    if acteur is None or correspondance is None:
        return
    for nom, valeur in correspondance.kwargs.items():
        lecteur = LECTEURS.get(nom)
        if lecteur is not None:
            lecteur(acteur, valeur)
