"""Adresses des actions collectives (``/actions-collectives/…``)."""

from django.urls import path

from binome.collectif import urls_publication
from binome.collectif.views import actions, inscriptions, seances

app_name = "collectif"

urlpatterns: list = [
    path("", actions.liste, name="liste"),
    path("creer/", actions.action_creer, name="action_creer"),
    path("<int:pk>/", actions.action, name="action"),
    path("<int:pk>/modifier/", actions.action_modifier, name="action_modifier"),
    path("<int:pk>/seances/planifier/", seances.seance_creer, name="seance_creer"),
    path("seances/<int:pk>/", seances.seance, name="seance"),
    path("seances/<int:pk>/modifier/", seances.seance_modifier, name="seance_modifier"),
    path("seances/<int:pk>/annuler/", seances.seance_annuler, name="seance_annuler"),
    path("seances/<int:pk>/inscrire/", inscriptions.inscrire, name="inscrire"),
    path("seances/<int:pk>/presences/", seances.presences, name="presences"),
    path("parcours/<int:parcours_pk>/inscrire/", inscriptions.inscrire_parcours, name="inscrire_parcours"),
    path("inscriptions/<int:pk>/desinscrire/", inscriptions.desinscrire, name="desinscrire"),
]

# Publication dans l'annuaire (service data·inclusion de type « atelier »).
urlpatterns += urls_publication.urlpatterns
