from django.urls import path

from binome.identite import vues_proconnect

app_name = "identite"

# Sous « /connexion/ » : préfixe public (binome.core.middleware.CHEMINS_PUBLICS).
urlpatterns = [
    path("connexion/proconnect/", vues_proconnect.demarrer, name="proconnect"),
    path("connexion/proconnect/retour/", vues_proconnect.retour, name="proconnect_retour"),
]
