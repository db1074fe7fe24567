from django.urls import path

from binome.api.api import api

# Pas d'espace de noms « api » : la documentation de django-ninja résout « v1:openapi-json ».
urlpatterns = [
    path("v1/", api.urls),
]
