"""Adresses de l'agenda (``/agenda/…``) : rendez-vous, convocation, abonnement .ics."""

app_name = "agenda"

urlpatterns: list = []
