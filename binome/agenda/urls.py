"""Adresses de l'agenda (``/agenda/…``) : rendez-vous, convocation, abonnement .ics."""

from django.urls import path

from binome.agenda import vues_abonnement

app_name = "agenda"

urlpatterns: list = []

# --- Poste h3 : abonnement à l'agenda. Le flux est public (``/agenda/abonnement/`` est dans CHEMINS_PUBLICS :
# le jeton est l'autorisation) ; les actions de la section du profil sont sous ``/agenda/mon-abonnement/``.
urlpatterns += [
    path("abonnement/<str:jeton>.ics", vues_abonnement.flux, name="abonnement_flux"),
    path("mon-abonnement/creer/", vues_abonnement.creer, name="abonnement_creer"),
    path("mon-abonnement/option/", vues_abonnement.option, name="abonnement_option"),
    path("mon-abonnement/revoquer/", vues_abonnement.revoquer, name="abonnement_revoquer"),
]
