"""Authentification des routes d'un dossier : le jeton (ou la session), puis le périmètre du dossier désigné.

Le parcours ou le rendez-vous du chemin est vérifié **avant** la lecture du corps de la requête : hors du
périmètre du compte, la réponse est 404, jamais une erreur de validation qui confirmerait que le dossier existe.
Mêmes schémas de sécurité OpenAPI que ``binome.api.auth`` (les classes gardent leur nom).
"""

from django.http import Http404

from binome.accompagnement import selectors as selecteurs_accompagnement
from binome.agenda import selectors as selecteurs_agenda
from binome.api.auth import AUTHENTIFICATIONS

PK_MAX = 2**63  # au-delà, aucun objet (et la base refuserait l'entier)

# Paramètre de chemin → sélecteur qui lève Http404 hors du périmètre de l'acteur.
VERIFICATIONS = {
    "parcours_pk": selecteurs_accompagnement.parcours_pour,
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
