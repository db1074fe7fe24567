"""Périmètre du dossier avant le corps de la requête : un objet de dossier que le compte ne voit pas répond 404
avant toute validation, jamais une erreur de validation qui confirmerait que le dossier existe.

Deux points d'application, les mêmes sélecteurs :
- ``AUTHENTIFICATIONS_DOSSIER`` (routes du contenu : plans, contacts, rendez-vous…) vérifie, dès
  l'authentification, chaque paramètre de chemin de ``VERIFICATIONS`` ;
- ``verifier(request)`` est appelé par les gestionnaires d'erreurs de validation (``api.py``) pour les routes des
  personnes et des parcours (paramètres de ``LECTEURS``).
"""

from django.http import Http404

from binome.accompagnement import selectors
from binome.accompagnement.selectors import api_v1
from binome.agenda import selectors as selecteurs_agenda
from binome.api.auth import AUTHENTIFICATIONS

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


PK_MAX = 2**63  # au-delà, aucun objet (et la base refuserait l'entier)

# Paramètre de chemin → sélecteur qui lève Http404 hors du périmètre de l'acteur.
VERIFICATIONS = {
    "parcours_pk": selectors.parcours_pour,
    "rendez_vous_pk": selecteurs_agenda.rendez_vous_pour,
}


class _Perimetre:
    def authenticate(self, request, *args):
        utilisateur = super().authenticate(request, *args)
        if utilisateur is not None:
            correspondance = getattr(request, "resolver_match", None)
            for nom, valeur in (correspondance.kwargs if correspondance else {}).items():
                if nom in VERIFICATIONS and str(valeur).isdigit():
                    # Une valeur non entière est laissée à la validation des paramètres (422).
                    if not 0 < int(valeur) < PK_MAX:
                        raise Http404
                    VERIFICATIONS[nom](utilisateur, int(valeur))
        return utilisateur


def _avec_perimetre(authentification):
    classe = type(authentification)
    return type(classe.__name__, (_Perimetre, classe), {"__doc__": classe.__doc__})()


AUTHENTIFICATIONS_DOSSIER = [_avec_perimetre(a) for a in AUTHENTIFICATIONS]
