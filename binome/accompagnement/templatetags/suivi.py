"""Balises du suivi : dates de la copie figée, résumés des fragments d'accueil."""

import datetime

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from binome.accompagnement import lignes_suivi as lignes_suivi_module
from binome.accompagnement import machine, selectors
from binome.accompagnement.views.suivi_outils import ROUTE_FICHE_PERSONNE

register = template.Library()


@register.filter
def date_iso(valeur):
    """« 2025-03-03 » (copie figée du plan) → date, pour le filtre ``date`` ; vide si absente."""
    if not valeur:
        return ""
    if isinstance(valeur, datetime.date):
        return valeur
    try:
        return datetime.date.fromisoformat(valeur)
    except (TypeError, ValueError):
        return ""


@register.filter
def parcours_ouvert(parcours) -> bool:
    """Le parcours n'est pas clos : on peut encore y planifier un rendez-vous (question d'état, pas de droit)."""
    return not machine.est_clos(parcours)


@register.filter
def a_venir(valeur) -> bool:
    """Une date d'aujourd'hui ou à venir (« prochain contact prévu le » qu'on peut encore planifier)."""
    return isinstance(valeur, datetime.date) and valeur >= timezone.localdate()


@register.simple_tag
def resume_portefeuille(utilisateur):
    """Accueil du conseiller ou du travailleur social : les chiffres de l'en-tête du portefeuille
    (``selectors.chiffres_portefeuille``, même définition, mêmes libellés)."""
    return selectors.chiffres_portefeuille(utilisateur)


@register.simple_tag
def resume_equipe(utilisateur):
    """Accueil de l'encadrant : les chiffres de l'en-tête de la vue équipe, plus les agents et leur charge."""
    agents = selectors.agents_equipe(utilisateur)
    return {
        "chiffres": selectors.chiffres_equipe(utilisateur),
        "nb_agents": len({a["utilisateur"].pk for a in agents}),
        "nb_au_dessus": sum(1 for a in agents if a["niveau"] == "au_dessus"),
        "nb_inactifs": len({a["utilisateur"].pk for a in agents if a["inactif"]}),
    }


@register.simple_tag
def url_fiche_personne(personne_pk):
    """Adresse de la fiche personne (équipe « Cycle ») ou chaîne vide si la route n'existe pas encore."""
    try:
        return reverse(ROUTE_FICHE_PERSONNE, kwargs={"pk": personne_pk})
    except NoReverseMatch:
        return ""


@register.simple_tag
def notes_privees_fiche(utilisateur, personne, nombre=3):
    """Section « Notes privées » de la fiche personne : les dernières notes visibles de l'acteur (toutes pour
    le côté social, les seules partagées pour France Travail) et le résumé « ce qui est partagé avec qui »."""
    return {
        "partage": selectors.partage_du_dossier(utilisateur, personne),
        "notes": list(selectors.notes_privees_visibles(utilisateur, personne).order_by("-cree_le", "-pk")[:nombre]),
        "peut_ecrire": selectors.peut_ecrire_note_privee(utilisateur, personne),
    }


@register.simple_tag
def lignes_suivi(parcours, equipe=False):
    """Les lignes du tableau du portefeuille ou de la vue équipe (``binome.accompagnement.lignes_suivi``)."""
    return lignes_suivi_module.lignes(parcours, equipe=bool(equipe))
