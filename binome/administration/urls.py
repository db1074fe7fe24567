from django.urls import path

from binome.administration import views

app_name = "organisations"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("creer/", views.creer, name="creer"),
    path("<int:pk>/", views.fiche, name="fiche"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/desactiver/", views.desactiver, name="desactiver"),
    path("<int:pk>/reactiver/", views.reactiver, name="reactiver"),
    path("departements/<str:code>/parametres/", views.parametres, name="parametres"),
    path("departements/<str:code>/fse/", views.conventions_fse, name="conventions_fse"),
    path("departements/<str:code>/fse/<int:pk>/", views.convention_fse_modifier, name="convention_fse_modifier"),
]
