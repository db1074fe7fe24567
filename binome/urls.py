from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("binome.portail.urls")),
    path("", include("binome.comptes.urls")),
    path("", include("binome.identite.urls")),
    path("territoires/", include("binome.territoires.urls")),
    path("organisations/", include("binome.administration.urls")),
    path("accompagnement/", include("binome.accompagnement.urls")),
    path("agenda/", include("binome.agenda.urls")),
    path("quotidien/", include("binome.quotidien.urls")),
    path("ressources/", include("binome.ressources.urls")),
    path("actions-collectives/", include("binome.collectif.urls")),
    path("instances/", include("binome.instances.urls")),
    path("pilotage/", include("binome.pilotage.urls")),
    path("echanges/", include("binome.echanges.urls")),
    path("confiance/", include("binome.confiance.urls")),
    path("api/", include("binome.api.urls")),
    path("", include("binome.espace.urls")),
    path("django-admin/", admin.site.urls),
]
