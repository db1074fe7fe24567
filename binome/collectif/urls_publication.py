"""Routes de la publication d'une action collective dans l'annuaire (poste h2), à ajouter à ``collectif/urls.py`` :
``urlpatterns += urls_publication.urlpatterns`` (espace de noms ``collectif``)."""

from django.urls import path

from binome.collectif import vues_publication

urlpatterns = [
    path("<int:pk>/publier/", vues_publication.publier, name="action_publier"),
    path("<int:pk>/retirer-de-l-annuaire/", vues_publication.depublier, name="action_depublier"),
]
