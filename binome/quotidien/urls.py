"""Adresses du quotidien (``/quotidien/…``) : « À faire », compteurs du menu, préférences du résumé."""

from django.urls import path

from binome.quotidien import views

app_name = "quotidien"

urlpatterns: list = [
    # Poste h4 : compteurs du menu, chargés après la page.
    path("compteurs/", views.compteurs, name="compteurs"),
    # --- Poste h5 : résumés par courriel (préférence de « Mon profil ») ---
    path("resume/frequence/", views.resume_frequence, name="resume_frequence"),
]
