"""Configuration d'adresses des tests de la publication : celle de l'application, où l'espace ``collectif`` reçoit
aussi les routes de ``collectif/urls_publication.py`` (tant qu'elles ne sont pas branchées dans ``collectif/urls``)."""

from django.urls import include, path

from binome import urls as racine
from binome.collectif import urls as urls_collectif
from binome.collectif import urls_publication

_routes = list(urls_collectif.urlpatterns)
_noms = {getattr(motif, "name", None) for motif in _routes}
_routes += [motif for motif in urls_publication.urlpatterns if motif.name not in _noms]

urlpatterns = [
    motif for motif in racine.urlpatterns if getattr(motif, "namespace", None) != urls_collectif.app_name
] + [path("actions-collectives/", include((_routes, urls_collectif.app_name)))]
