from django.urls import path

from binome.espace import vues_pages

urlpatterns = [
    path("mon-espace/", vues_pages.accueil, name="accueil"),
]
