"""Expiration glissante de la session sans écriture à chaque requête (issue 17, « Échelle »).

La session expire après ``SESSION_COOKIE_AGE`` secondes d'inactivité. Django le fait en réécrivant la session à
chaque requête (``SESSION_SAVE_EVERY_REQUEST``) : une transaction d'écriture par page lue. Cet intergiciel ne la
réécrit (et ne repousse donc son expiration) que si plus de ``SESSION_PROLONGATION_SECONDES`` (un dixième du délai
par défaut) se sont écoulées depuis la dernière prolongation, dont l'heure est gardée dans la session elle-même.

Borne : la base garde ``expire = dernière écriture + délai`` et la dernière écriture date d'au plus un intervalle
avant la dernière requête. L'inactivité tolérée est donc comprise entre ``délai − intervalle`` et ``délai`` : elle
ne dépasse jamais le délai réglé (30 minutes ; une session peut expirer après 27 minutes sans activité).

Placé juste après ``SessionMiddleware`` : à la réponse, il passe avant lui, qui enregistre la session modifiée.
Une session vide (visiteur anonyme, déconnexion) ou que la requête n'a pas lue n'est jamais écrite par lui.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

CLE_PROLONGEE = "_binome_prolongee"


def intervalle_de_prolongation() -> int:
    """Secondes entre deux écritures de la session pour la seule prolonger."""
    return getattr(settings, "SESSION_PROLONGATION_SECONDES", settings.SESSION_COOKIE_AGE // 10)


class ExpirationGlissanteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed:
            return reponse
        derniere = session.get(CLE_PROLONGEE)
        if session.is_empty():
            return reponse
        maintenant = int(time.time())
        if session.modified or derniere is None or maintenant - derniere >= intervalle_de_prolongation():
            session[CLE_PROLONGEE] = maintenant  # marque la session modifiée : SessionMiddleware l'écrit
        return reponse


@receiver(user_logged_in, dispatch_uid="binome_session_prolongee_a_la_connexion")
def _a_la_connexion(sender, request, user, **kwargs):
    """La connexion écrit déjà la session : l'heure de prolongation y est posée, la première page n'écrit rien."""
    session = getattr(request, "session", None)
    if session is not None:
        session[CLE_PROLONGEE] = int(time.time())
