"""Liens vers l'annuaire depuis le dossier d'une personne (à utiliser dans les gabarits de l'accompagnement).

{% load annuaire %}
<a href="{% url_annuaire_frein personne frein.domaine %}">Trouver un service</a>
<a href="{% url_annuaire_action personne action %}">Trouver un service pour cette action</a>
"""

from django import template

from binome.ressources import orientations

register = template.Library()


@register.simple_tag
def url_annuaire_frein(personne, frein):
    """``frein`` : code de domaine (MOBILITE) ou situation du référentiel (``ElementReferentiel``)."""
    if hasattr(frein, "theme_code"):
        return orientations.url_annuaire_situation(personne, frein)
    return orientations.url_annuaire(personne, frein=str(frein or ""))


@register.simple_tag
def url_annuaire_action(personne, action):
    return orientations.url_annuaire(personne, action=action)
