from django.urls import path

from binome.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.liste, name="liste"),
]
