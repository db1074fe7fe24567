"""Documents PDF (contrat d'engagement, convocation postale) : un gabarit HTML rendu par WeasyPrint.

WeasyPrint a besoin de Pango (paquets Debian ``libpango-1.0-0`` et ``libpangoft2-1.0-0``, installés par
``.ci/run`` et cités dans le README). Les feuilles de style et images sont lues par les fichiers statiques
(``django.contrib.staticfiles``), jamais par le réseau : un gabarit ne peut pas faire sortir de requête.
"""

import mimetypes

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string


def _collecte(chemin: str) -> str | None:
    """Fichier de ``STATIC_ROOT`` (après ``collectstatic``) : le nom haché que ``{% static %}`` donne en production."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        return staticfiles_storage.path(chemin) if staticfiles_storage.exists(chemin) else None
    except NotImplementedError:
        return None


def _fichier_statique(url: str) -> str:
    """Le fichier statique du projet désigné par ``url`` (``…/static/…``) ; ``ValueError`` pour toute autre adresse."""
    chemin = url.split("/static/", 1)[1] if "/static/" in url else None
    try:
        trouve = (finders.find(chemin) or _collecte(chemin)) if chemin else None
    except SuspiciousFileOperation:  # « /static/../../etc/passwd »
        trouve = None
    if not trouve:
        raise ValueError(f"Ressource refusée dans un PDF : {url}")
    return trouve


def _chargeur():
    """Chargeur d'URL de WeasyPrint limité aux fichiers statiques du projet (``/static/…``), sans réseau.

    WeasyPrint (≥ 68) attend une sous-classe de ``URLFetcher`` dont ``fetch`` rend une ``URLFetcherResponse`` ;
    une ressource refusée est signalée dans le journal de WeasyPrint et omise, le document est quand même produit.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ChargeurStatique(URLFetcher):
        def fetch(self, url, headers=None):
            trouve = _fichier_statique(url)
            with open(trouve, "rb") as fichier:
                contenu = fichier.read()
            type_mime = mimetypes.guess_type(trouve)[0] or "application/octet-stream"
            return URLFetcherResponse(url, contenu, {"Content-Type": type_mime})

    return ChargeurStatique()


def rendre_pdf(gabarit: str, contexte: dict, *, request=None) -> bytes:
    """Le PDF du gabarit ``gabarit`` rendu avec ``contexte``."""
    from weasyprint import HTML  # import tardif : Pango n'est chargé que si l'on imprime

    html = render_to_string(gabarit, contexte, request=request)
    return HTML(string=html, base_url="file:///static/", url_fetcher=_chargeur()).write_pdf()


def reponse_pdf(gabarit: str, contexte: dict, *, nom_fichier: str, request=None) -> HttpResponse:
    """Réponse HTTP d'un PDF téléchargé sous ``nom_fichier``."""
    reponse = HttpResponse(rendre_pdf(gabarit, contexte, request=request), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return reponse
