"""Balises du pilotage pour les gabarits communs (navigation, accueil du pilote).

``{% acces_pilotage as ok %}`` ne fait aucune requête (habilitations déjà en cache pour la requête) ;
``{% resume_pilotage as resume %}`` calcule quatre chiffres masqués des 12 derniers mois (trois requêtes).
"""

from django import template
from django.utils import timezone

from binome.pilotage import selectors, tableau

register = template.Library()


@register.simple_tag(takes_context=True)
def acces_pilotage(context) -> bool:
    request = context.get("request")
    utilisateur = getattr(request, "user", None)
    return bool(utilisateur is not None and utilisateur.is_authenticated and selectors.a_acces(utilisateur))


@register.simple_tag(takes_context=True)
def resume_pilotage(context):
    request = context.get("request")
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not selectors.a_acces(utilisateur):
        return None
    return tableau.resume(selectors.perimetre_pour(utilisateur), aujourdhui=timezone.localdate())
