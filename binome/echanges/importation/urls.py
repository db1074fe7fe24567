"""Adresses des fichiers reçus (``/echanges/importations/…``)."""

from django.urls import path

from binome.echanges.importation import views

urlpatterns = [
    path("importations/", views.liste, name="importations"),
    path("importations/deposer/", views.deposer, name="importation_deposer"),
    path("importations/<int:pk>/", views.suivi, name="importation"),
    path("importations/<int:pk>/correspondance/", views.correspondance, name="importation_correspondance"),
    path("importations/<int:pk>/apercu/", views.apercu, name="importation_apercu"),
    path("importations/<int:pk>/lancer/", views.lancer, name="importation_lancer"),
    path("importations/<int:pk>/progression/", views.progression, name="importation_progression"),
    path("importations/<int:pk>/rapport.csv", views.rapport, name="importation_rapport"),
]
