"""Périmètre du dossier avant le corps de la requête : un objet de dossier que le compte ne voit pas répond 404
avant toute validation, jamais une erreur de validation qui confirmerait que le dossier existe.

Un seul point d'application : ``AUTHENTIFICATIONS_DOSSIER``, l'authentification des routeurs de dossier
(personnes, parcours, transitions, orientations, sorties, diagnostic et plan, contacts, rendez-vous, séances),
vérifie dès l'authentification chaque paramètre de chemin de ``VERIFICATIONS`` avec le sélecteur des pages.
Une valeur non entière est laissée à la validation des paramètres (422) ; un entier hors des bornes d'une clé
primaire ne désigne aucun objet (404).
"""

from django.http import Http404

from binome.accompagnement import selectors
from binome.accompagnement.selectors import api_v1
from binome.agenda import selectors as selecteurs_agenda
from binome.api.auth import AUTHENTIFICATIONS

PK_MAX = 2**63  # au-delà, aucun objet (et la base refuserait l'entier)

# Paramètre de chemin → sélecteur qui lève Http404 hors du périmètre de l'acteur.
VERIFICATIONS = {
    "personne_id": selectors.personne_pour,
    "parcours_id": selectors.parcours_pour,
    "parcours_pk": selectors.parcours_pour,
    "orientation_id": api_v1.orientation_pour,
    "sortie_id": api_v1.sortie_pour,
    "coordination_id": selectors.coordination_pour,
    "rendez_vous_pk": selecteurs_agenda.rendez_vous_pour,
}


def verifier(acteur, parametres: dict) -> None:
    """Lève ``Http404`` si un paramètre de dossier désigne un objet que ``acteur`` ne voit pas."""
    for nom, valeur in parametres.items():
        verification = VERIFICATIONS.get(nom)
        texte = str(valeur)
        if verification is None or not (texte.isascii() and texte.isdigit()):
            continue  # une valeur non entière est laissée à la validation des paramètres (422)
        if not 0 < int(texte) < PK_MAX:
            raise Http404
        verification(acteur, int(texte))


class _Perimetre:
    def authenticate(self, request, *args):
        utilisateur = super().authenticate(request, *args)
        if utilisateur is not None:
            correspondance = getattr(request, "resolver_match", None)
            verifier(utilisateur, correspondance.kwargs if correspondance else {})
        return utilisateur


def _avec_perimetre(authentification):
    classe = type(authentification)
    return type(classe.__name__, (_Perimetre, classe), {"__doc__": classe.__doc__})()


AUTHENTIFICATIONS_DOSSIER = [_avec_perimetre(a) for a in AUTHENTIFICATIONS]
