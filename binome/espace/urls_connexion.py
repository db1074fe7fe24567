from django.urls import path

from binome.espace import vues_connexion

urlpatterns = [
    path("mon-espace/connexion/", vues_connexion.connexion, name="connexion"),
]
