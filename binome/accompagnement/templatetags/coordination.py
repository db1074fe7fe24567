"""Balise de l'accueil : le nombre de demandes de coordination à traiter (même fonction que le menu)."""

from django import template

from binome.accompagnement import selectors

register = template.Library()


@register.simple_tag
def coordinations_a_traiter(utilisateur) -> int:
    return selectors.compter_coordinations_a_traiter(utilisateur)
