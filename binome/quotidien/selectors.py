"""Ce que la page d'accueil montre de « À faire » (``a_faire``) : les lignes et les rendez-vous nommés."""

import datetime

from django.urls import reverse
from django.utils import timezone

from binome.quotidien import a_faire as af

LIMITE_RENDEZ_VOUS = 10


def _rendez_vous(qs, url) -> list[dict]:
    """Heure et personne (prénom et initiale) ; ni l'objet ni le lieu (secret partagé)."""
    return [
        {
            "debut": timezone.localtime(rdv.debut),
            "personne": af.prenom_initiale(rdv.parcours.personne),
            "url": url(rdv),
        }
        for rdv in qs[:LIMITE_RENDEZ_VOUS]
    ]


def _fiche(rdv) -> str:
    return reverse("accompagnement:personne", kwargs={"pk": rdv.parcours.personne_id})


def tableau_a_faire(utilisateur, *, aujourdhui: datetime.date | None = None) -> dict | None:
    """Bloc « À faire » de l'accueil ; ``None`` si aucune ligne ne concerne l'utilisateur (pilote,
    administrateur…). Nombre de requêtes constant : une par ligne, une par liste de rendez-vous."""
    definitions = af.definitions_pour(utilisateur)
    if not definitions:
        return None
    lignes = af.a_faire(utilisateur, aujourdhui=aujourdhui)
    nombres = {ligne.cle: ligne.nombre for ligne in lignes}

    def liste(cle, qs, url):
        return _rendez_vous(qs(utilisateur, aujourdhui=aujourdhui), url) if nombres.get(cle) else []

    return {
        "lignes": lignes,
        "rendez_vous_du_jour": liste("rendez_vous_aujourdhui", af.rendez_vous_du_jour, _fiche),
        "presences": liste("presences_a_saisir", af.presences, af.url_presence),
        "semaine": liste("rendez_vous_semaine", af.rendez_vous_de_la_semaine, _fiche),
    }
