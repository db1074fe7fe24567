"""Ce que l'identité branche sur les comptes (``binome.comptes.views.SORTIES`` et ``CONNEXIONS_EXTERNES``)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from binome.identite.proconnect import PROCONNECT
from binome.identite.session import adresse_fin_de_session


def sortie_proconnect(request) -> str | None:
    return adresse_fin_de_session(request, PROCONNECT)


def bouton_proconnect(request) -> dict | None:
    """Le bouton officiel ProConnect, seulement si ProConnect est configuré (aucun appel au fournisseur ici)."""
    if not PROCONNECT.est_configure:
        return None
    url = reverse("identite:proconnect")
    suite = request.GET.get("next", "")
    if suite and url_has_allowed_host_and_scheme(suite, allowed_hosts={request.get_host()}):
        url = f"{url}?{urlencode({'next': suite})}"
    return {"gabarit": "identite/bouton_proconnect.html", "url": url}
