"""Gabarits : fragment « mes services » de l'accueil du partenaire."""

from django import template

from binome.ressources import selectors

register = template.Library()


@register.inclusion_tag("ressources/_accueil_partenaire.html", takes_context=True)
def mes_services_partenaire(context):
    acteur = context["request"].user
    qs = selectors.services_modifiables(acteur)
    recues = selectors.orientations_recues(acteur)
    # La définition de la liste « à vérifier » de l'écran de gestion (et de la ligne « À faire »).
    a_verifier = selectors.services_a_gerer(acteur, a_verifier=True)
    return {
        "nombre": qs.count(),
        "a_verifier": list(a_verifier.order_by("date_prochaine_verification", "pk")[:5]),
        "nombre_a_verifier": selectors.compter_services_a_verifier(acteur),
        "nombre_signalements": selectors.signalements_a_traiter(acteur).count(),
        "orientations_en_attente": selectors.compter_orientations_a_repondre(acteur),
        "orientations_recues": recues.count(),
    }
