from django.urls import path  # noqa: F401

app_name = "accompagnement"

# Chaque équipe ajoute ses routes dans sa section (éditions ciblées, sans réordonner les autres).
urlpatterns = []

# --- Cycle du parcours : personnes, orientations, diagnostic, transitions, sortie (views/parcours.py…) ---
urlpatterns += []

# --- Suivi : plan d'action, contacts, alertes, portefeuille, équipe (views/suivi.py…) ---
urlpatterns += []
