"""Routes du projet où l'espace a aussi « Mes données » et « Se déconnecter » (routes d'autres postes), pour vérifier
que l'en-tête les montre dès qu'elles existent."""

from django.http import HttpResponse
from django.urls import include, path

from binome import urls
from binome.espace import urls as urls_espace


def _vue(request):
    return HttpResponse("")


urlpatterns = [
    path(
        "",
        include(
            (
                [
                    *urls_espace.urlpatterns,
                    path("mon-espace/mes-donnees/", _vue, name="donnees"),
                    path("mon-espace/deconnexion/", _vue, name="deconnexion"),
                ],
                "espace",
            )
        ),
    ),
    *(motif for motif in urls.urlpatterns if getattr(motif, "app_name", None) != "espace"),
]
