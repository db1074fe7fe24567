from django.urls import path

from binome.core import views

# L'accueil de cet espace de noms est ajouté par ``binome.portail.urls`` (couche du haut).
app_name = "core"

urlpatterns = [
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("sante/", views.sante, name="sante"),
]
