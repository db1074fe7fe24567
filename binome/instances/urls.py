"""Adresses des instances (``/instances/…``)."""

from django.urls import path

from binome.instances.views import instances, manquements, seances

app_name = "instances"

urlpatterns: list = [
    path("", instances.liste, name="liste"),
    path("nouvelle/", instances.creer, name="creer"),
    path("<int:pk>/", instances.instance, name="instance"),
    path("<int:pk>/modifier/", instances.modifier, name="modifier"),
    path("<int:pk>/membres/ajouter/", instances.membre_ajouter, name="membre_ajouter"),
    path("membres/<int:pk>/retirer/", instances.membre_retirer, name="membre_retirer"),
    path("<int:pk>/seances/nouvelle/", instances.seance_creer, name="seance_creer"),
    path("seances/<int:pk>/", seances.seance, name="seance"),
    path("seances/<int:pk>/inscrire/", seances.inscrire, name="inscrire"),
    path("seances/<int:pk>/inscrire-propose/", seances.inscrire_candidat, name="inscrire_candidat"),
    path("seances/<int:pk>/presents/", seances.presents, name="presents"),
    path("seances/<int:pk>/cloturer/", seances.cloturer, name="cloturer"),
    path("seances/<int:pk>/proces-verbal/", seances.proces_verbal, name="proces_verbal"),
    path("seances/<int:pk>/proces-verbal.pdf", seances.proces_verbal_pdf, name="proces_verbal_pdf"),
    path("dossiers/<int:pk>/", seances.point, name="point"),
    path("dossiers/<int:pk>/synthese/", seances.synthese, name="synthese"),
    path("dossiers/<int:pk>/decision/", seances.decision, name="decision"),
    path("dossiers/<int:pk>/retirer/", seances.point_retirer, name="point_retirer"),
    path("parcours/<int:parcours_pk>/manquements/", manquements.manquements, name="manquements"),
    path("manquements/<int:pk>/", manquements.manquement, name="manquement"),
]
