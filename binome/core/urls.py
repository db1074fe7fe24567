"""Pages du socle (pages légales, sonde). Elles sont branchées par ``binome.portail.urls``, sous l'espace de
noms « core », avec l'accueil (qui dépend des applications métier, donc au-dessus du socle)."""

from django.urls import path

from binome.core import views

urlpatterns = [
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("sante/", views.sante, name="sante"),
]
