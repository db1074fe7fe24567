"""Adresses de l'agenda (``/agenda/…``) : rendez-vous, convocation, abonnement .ics."""

from django.urls import path

from binome.agenda import vues_abonnement
from binome.agenda.views import convocation as vues_convocation
from binome.agenda.views import rendez_vous as vues_rendez_vous

app_name = "agenda"

urlpatterns: list = []

# --- h2 : ce que reçoit la personne (convocation postale) ---
urlpatterns += [
    path("rendez-vous/<int:pk>/convocation/", vues_convocation.convocation, name="convocation"),
]

# --- h1 : rendez-vous côté professionnels (planifier, voir, modifier, annuler, présence) ---
urlpatterns += [
    path("parcours/<int:parcours_pk>/planifier/", vues_rendez_vous.planifier, name="planifier"),
    path("rendez-vous/<int:pk>/", vues_rendez_vous.rendez_vous, name="rendez_vous"),
    path("rendez-vous/<int:pk>/modifier/", vues_rendez_vous.modifier, name="modifier"),
    path("rendez-vous/<int:pk>/annuler/", vues_rendez_vous.annuler, name="annuler"),
    path("rendez-vous/<int:pk>/presence/", vues_rendez_vous.presence, name="presence"),
]

# --- Poste h3 : abonnement à l'agenda. Le flux est public (``/agenda/abonnement/`` est dans CHEMINS_PUBLICS :
# le jeton est l'autorisation) ; les actions de la section du profil sont sous ``/agenda/mon-abonnement/``.
urlpatterns += [
    path("abonnement/<str:jeton>.ics", vues_abonnement.flux, name="abonnement_flux"),
    path("mon-abonnement/creer/", vues_abonnement.creer, name="abonnement_creer"),
    path("mon-abonnement/option/", vues_abonnement.option, name="abonnement_option"),
    path("mon-abonnement/revoquer/", vues_abonnement.revoquer, name="abonnement_revoquer"),
]
