"""Limitation des essais de connexion (django-axes), compatible avec la connexion par courriel.

- ``AxesAvecRequete`` : le garde d'axes en tête d'``AUTHENTICATION_BACKENDS``. Une authentification sans
  requête HTTP (``authenticate()`` appelé par du code, ``Client.login`` des tests) n'est pas comptée :
  axes ne peut pas l'attribuer à un client, et aucun formulaire public n'y mène.
- ``ip_client`` : l'adresse du client, derrière le mandataire inverse si besoin.
- ``identifiant_connexion`` : l'adresse électronique saisie, normalisée comme ``FormulaireConnexion``
  (espaces retirés, minuscules) : « Claire@… » et « claire@… » comptent pour le même compte.
"""

from axes.backends import AxesStandaloneBackend

from binome.core.reseau import ip_client

__all__ = ["AxesAvecRequete", "identifiant_connexion", "ip_client"]


class AxesAvecRequete(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def identifiant_connexion(request, credentials=None) -> str:
    valeur = ""
    if credentials:
        valeur = credentials.get("username") or ""
    if not valeur and request is not None and hasattr(request, "POST"):
        valeur = request.POST.get("username", "")
    return str(valeur).strip().lower()[:254]
