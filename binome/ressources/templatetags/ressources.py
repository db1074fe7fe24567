"""Gabarits : fragment « mes services » de l'accueil du partenaire, horaires d'accueil en français, cartes des
résultats de l'annuaire."""

from django import template
from django.utils import timezone

from binome.ressources import cartes, horaires, selectors

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


@register.inclusion_tag("ressources/_horaires.html")
def horaires_lisibles(valeur):
    """Horaires d'accueil en français (une ligne par groupe de jours) ; une valeur OpenStreetMap que
    ``horaires`` ne sait pas traduire est montrée telle quelle, avec une mention."""
    return {"valeur": valeur or "", "lignes": horaires.en_francais(valeur) if valeur else None}


@register.filter
def horaires_texte(valeur):
    """Les horaires en une ligne (liste de résultats) : la traduction, sinon la valeur OSM et une mention."""
    return horaires.en_texte(valeur) if valeur else ""


@register.simple_tag(takes_context=True)
def cartes_resultats(context, resultats):
    """Les cartes d'une page de résultats (``binome.ressources.cartes``), avec le contexte de la page."""
    return cartes.cartes(
        resultats,
        request=context["request"],
        criteres_url=context.get("criteres_url", ""),
        contexte_plan=context.get("contexte_plan"),
        aujourdhui=context.get("aujourdhui") or timezone.localdate(),
    )
