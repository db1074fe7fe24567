"""Vues de l'annuaire, minces et rangées par sujet : elles lisent la requête, demandent à
``binome.ressources.selectors`` ce que l'acteur peut voir et faire, appellent ``binome.ressources.services``
pour écrire, et rendent un gabarit. Aucune décision de droit ni requête de permission ici.

- ``consultation`` : recherche, fiche d'un service, signalement d'une erreur ;
- ``gestion`` : fiches maintenues (création, modification, vérification, modération, historique,
  signalements), import du tableur ;
- ``parametrage`` : correspondance frein → thématiques du département ;
- ``orientations`` : du plan au service (rattacher, orienter) et suivi des orientations.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

TAILLE_PAGE = 20


def fil(*elements):
    """Fil d'Ariane des pages de l'annuaire."""
    return [{"titre": _("Annuaire des ressources"), "url": reverse("ressources:recherche")}, *elements]
