from django.urls import include, path

from tests.api.api_essai import essai

urlpatterns = [
    path("api/essai/", essai.urls),
    path("", include("binome.urls")),
]
