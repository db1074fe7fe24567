from django.urls import path

from binome.espace import vues_connexion, vues_franceconnect, vues_referent

urlpatterns = [
    # La personne (publiques au sens du middleware : préfixe /mon-espace/).
    path("mon-espace/connexion/", vues_connexion.connexion, name="connexion"),
    path("mon-espace/connexion/envoyee/", vues_connexion.connexion_envoyee, name="connexion_envoyee"),
    path("mon-espace/connexion/lien/<str:jeton>/", vues_connexion.lien, name="lien"),
    path("mon-espace/connexion/franceconnect/", vues_franceconnect.demarrer, name="franceconnect"),
    path("mon-espace/connexion/franceconnect/retour/", vues_franceconnect.retour, name="franceconnect_retour"),
    path("mon-espace/deconnexion/", vues_connexion.deconnexion, name="deconnexion"),
    # Le référent (connexion de professionnel exigée par le middleware).
    path("espaces-personnes/<int:personne_pk>/", vues_referent.espace_personne, name="referent"),
    path("espaces-personnes/<int:personne_pk>/ouvrir/", vues_referent.ouvrir, name="referent_ouvrir"),
    path("espaces-personnes/<int:personne_pk>/fermer/", vues_referent.fermer, name="referent_fermer"),
    path(
        "espaces-personnes/<int:personne_pk>/rapprochement/",
        vues_referent.rapprochement,
        name="referent_rapprochement",
    ),
]
