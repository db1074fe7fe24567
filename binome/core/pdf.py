"""Documents PDF (contrat d'engagement, convocation postale) : un gabarit HTML rendu par WeasyPrint.

WeasyPrint a besoin de Pango (paquets Debian ``libpango-1.0-0`` et ``libpangoft2-1.0-0``, installés par
``.ci/run`` et cités dans le README). Les feuilles de style et images sont lues par les fichiers statiques
(``django.contrib.staticfiles``), jamais par le réseau : un gabarit ne peut pas faire sortir de requête.
"""

import mimetypes

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _lire_statique(url: str):
    """Chargeur d'URL de WeasyPrint limité aux fichiers statiques du projet (``/static/…``).

    WeasyPrint 70 n'accepte plus un dictionnaire : le chargeur est un ``URLFetcher`` dont ``fetch`` renvoie une
    ``URLFetcherResponse`` (voir ``_chargeur``)."""
    from weasyprint.urls import URLFetcherResponse, URLFetchingError

    chemin = url.split("/static/", 1)[1] if "/static/" in url else None
    trouve = finders.find(chemin) if chemin else None
    if not trouve:
        raise URLFetchingError(f"Ressource refusée dans un PDF : {url}")
    with open(trouve, "rb") as fichier:
        contenu = fichier.read()
    type_mime = mimetypes.guess_type(trouve)[0] or "application/octet-stream"
    return URLFetcherResponse(url, contenu, {"Content-Type": type_mime})


def _chargeur():
    from weasyprint.urls import URLFetcher

    class _ChargeurStatique(URLFetcher):
        def fetch(self, url, headers=None):
            return _lire_statique(url)

    return _ChargeurStatique()


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
