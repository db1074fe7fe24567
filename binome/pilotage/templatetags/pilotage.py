"""Balise du pilotage pour l'accueil du pilote (le menu vient de ``binome.portail.selectors.menu_pour``).

``{% resume_pilotage as resume %}`` calcule quatre chiffres masqués des 12 derniers mois (trois requêtes) ;
``{% resume_pilotage_national as resume %}`` les mêmes pour la France entière (pilote national).
"""

from django import template
from django.utils import timezone

from binome.pilotage import selectors, tableau

register = template.Library()


@register.simple_tag(takes_context=True)
def resume_pilotage(context):
    request = context.get("request")
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not selectors.a_acces(utilisateur):
        return None
    return tableau.resume(selectors.perimetre_pour(utilisateur), aujourdhui=timezone.localdate())


@register.simple_tag(takes_context=True)
def resume_pilotage_national(context):
    request = context.get("request")
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not selectors.a_acces_national(utilisateur):
        return None
    return tableau.resume(selectors.perimetre_national(utilisateur), aujourdhui=timezone.localdate())
