"""Adresses des échanges de fichiers (``/echanges/…``)."""

from binome.echanges.importation.urls import urlpatterns as urls_importation

app_name = "echanges"

urlpatterns = [*urls_importation]
