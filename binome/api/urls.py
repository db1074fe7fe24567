from django.urls import path

from binome.api.api import api

app_name = "api"

urlpatterns = [
    path("v1/", api.urls),
]
