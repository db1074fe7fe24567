"""Petits outils communs aux vues du suivi (fil d'Ariane, accès en écriture)."""

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from binome.accompagnement import selectors

# Fiche personne (équipe « Cycle ») : le fil d'Ariane y renvoie si la route existe.
ROUTE_FICHE_PERSONNE = "accompagnement:personne"


def url_fiche(personne) -> str | None:
    try:
        return reverse(ROUTE_FICHE_PERSONNE, kwargs={"pk": personne.pk})
    except NoReverseMatch:
        return None


def fil_personne(acteur, personne, *suite) -> list[dict]:
    """Fil d'Ariane : portefeuille (ou équipe) › personne › …"""
    fil = []
    if selectors.a_un_portefeuille(acteur):
        fil.append({"titre": _("Mon portefeuille"), "url": reverse("accompagnement:portefeuille")})
    elif selectors.encadre_une_equipe(acteur):
        fil.append({"titre": _("Mon équipe"), "url": reverse("accompagnement:equipe")})
    url = url_fiche(personne)
    if url:
        fil.append({"titre": str(personne), "url": url})
    return [*fil, *suite]


def exiger_modification(acteur, parcours) -> None:
    """403 pour qui voit le parcours sans pouvoir y écrire (administrateur départemental, par exemple)."""
    if not selectors.peut_modifier(acteur, parcours):
        raise PermissionDenied(_("Vous consultez ce parcours en lecture seule."))
