"""Balises du suivi : dates de la copie figée, résumés des fragments d'accueil."""

import datetime

from django import template
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from binome.accompagnement import selectors
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


@register.simple_tag
def resume_portefeuille(utilisateur):
    """Accueil du conseiller ou du travailleur social : personnes suivies, alertes, charge (4 requêtes)."""
    suivis = selectors.filtrer_suivi(selectors.portefeuille(utilisateur))
    comptes = suivis.order_by().aggregate(
        nb_personnes=Count("pk"),
        nb_avec_alerte=Count("pk", filter=Q(nb_alertes__gt=0)),
    )
    return {**comptes, "charges": selectors.charge(utilisateur)}


@register.simple_tag
def resume_equipe(utilisateur):
    """Accueil de l'encadrant : agents de l'équipe, parcours suivis, parcours avec une alerte."""
    suivis = selectors.filtrer_suivi(selectors.parcours_equipe(utilisateur))
    comptes = suivis.order_by().aggregate(
        nb_parcours=Count("pk"),
        nb_avec_alerte=Count("pk", filter=Q(nb_alertes__gt=0)),
    )
    agents = selectors.agents_equipe(utilisateur)
    return {
        **comptes,
        "nb_agents": len({a["utilisateur"].pk for a in agents}),
        "nb_au_dessus": sum(1 for a in agents if a["niveau"] == "au_dessus"),
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
