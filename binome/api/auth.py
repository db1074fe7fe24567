"""Authentification de l'API : jeton (``Authorization: Bearer <jeton>``) ou session d'un professionnel connecté.

Un jeton agit comme le compte auquel il appartient : mêmes sélecteurs, même rôle, même périmètre, même secret
partagé. Un jeton en lecture seule ne passe que les méthodes sûres (GET, HEAD, OPTIONS). Chaque requête d'un jeton
est comptée (``binome.api.limitation`` : 429 au-delà de la limite par minute), ce qui note aussi sa dernière
utilisation. Un jeton inconnu, révoqué, expiré ou dont le compte est désactivé n'authentifie pas : 401.
"""

from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from binome.api import limitation
from binome.api.problemes import Probleme
from binome.comptes import selectors as selecteurs_comptes
from binome.ressources import selectors as selecteurs_ressources

METHODES_SURES = {"GET", "HEAD", "OPTIONS"}


def _exiger_professionnel(utilisateur) -> None:
    if not selecteurs_ressources.est_professionnel(utilisateur):
        raise Probleme(403, _("Accès refusé"), _("Ce compte n'a aucune habilitation active."))


class JetonBearer(HttpBearer):
    """Jeton d'API (``binome.comptes.models.JetonApi``)."""

    def authenticate(self, request, token):
        jeton = selecteurs_comptes.jeton_api_valide(token or "")
        if jeton is None:
            return None
        # Comptée avant tout refus : un client qui insiste sur une requête refusée est limité lui aussi.
        limitation.compter(jeton)
        if jeton.lecture_seule and request.method not in METHODES_SURES:
            raise Probleme(403, _("Jeton en lecture seule"), _("Ce jeton ne permet que la lecture."))
        _exiger_professionnel(jeton.utilisateur)
        request.jeton_api = jeton
        request.user = jeton.utilisateur
        return jeton.utilisateur


class SessionProfessionnel(SessionAuth):
    """Session Django d'un professionnel (au moins une habilitation active, ou super-administrateur)."""

    def authenticate(self, request, key):
        utilisateur = super().authenticate(request, key)
        if utilisateur is None:
            return None
        _exiger_professionnel(utilisateur)
        return utilisateur


AUTHENTIFICATIONS = [JetonBearer(), SessionProfessionnel()]
