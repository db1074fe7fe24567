"""Adresses des échanges de fichiers (``/echanges/…``)."""

from django.urls import path

from binome.echanges.exports import views as exports
from binome.echanges.importation.urls import urlpatterns as urls_importation

app_name = "echanges"

urlpatterns = [
    *urls_importation,
    # Fichiers envoyés.
    path("exports/<str:code>/", exports.exports, name="exports"),
    path("exports/<str:code>/destinataires/nouveau/", exports.destinataire_creer, name="destinataire_creer"),
    path("exports/destinataires/<int:pk>/", exports.destinataire, name="destinataire"),
    path("exports/fichiers/<int:pk>/", exports.fichier_telecharger, name="fichier_telecharger"),
]
