"""Adresses de l'agenda (``/agenda/…``) : rendez-vous, convocation, abonnement .ics."""

from django.urls import path

from binome.agenda.views import convocation as vues_convocation

app_name = "agenda"

urlpatterns: list = []

# --- h2 : ce que reçoit la personne (convocation postale) ---
urlpatterns += [
    path("rendez-vous/<int:pk>/convocation/", vues_convocation.convocation, name="convocation"),
]
