"""Routes de l'espace de la personne (``/mon-espace/…``, publiques au sens du middleware : ``acces.espace_requis``
fait sa propre vérification) et des professionnels qui l'ouvrent (``/espaces-personnes/…``, connexion exigée)."""

from django.urls import include, path

app_name = "espace"

urlpatterns = [
    # Connexion de la personne (lien à usage unique, FranceConnect), déconnexion ; pages du référent (ouverture,
    # fermeture, confirmation d'un rapprochement FranceConnect).
    path("", include("binome.espace.urls_connexion")),
    # Pages de l'espace : accueil, plan, rendez-vous, séances, référents, services.
    path("", include("binome.espace.urls_pages")),
    # Ce que Binôme sait de la personne, qui l'a consulté, notice en FALC, opposition, fermeture par la personne.
    path("", include("binome.espace.urls_droits")),
]
