"""Adresses des échanges de fichiers (``/echanges/…``)."""

from django.urls import path

from binome.echanges.exports import views as exports

app_name = "echanges"

urlpatterns = [
    # Fichiers envoyés (poste h5).
    path("exports/<str:code>/", exports.exports, name="exports"),
    path("exports/<str:code>/destinataires/nouveau/", exports.destinataire_creer, name="destinataire_creer"),
    path("exports/destinataires/<int:pk>/", exports.destinataire, name="destinataire"),
    path("exports/fichiers/<int:pk>/", exports.fichier_telecharger, name="fichier_telecharger"),
]
