from django.urls import path

from binome.ressources import views

app_name = "ressources"

urlpatterns = [
    path("", views.recherche, name="recherche"),
    path("services/<str:service_id>/", views.service, name="service"),
    path("services/<str:service_id>/signaler/", views.signaler, name="signaler"),
    path("services/<str:service_id>/modifier/", views.service_editer, name="service_modifier"),
    path("services/<str:service_id>/verifier/", views.service_verifier, name="service_verifier"),
    path("services/<str:service_id>/moderer/", views.service_moderer, name="service_moderer"),
    path("services/<str:service_id>/historique/", views.service_historique, name="service_historique"),
    path("services/<str:service_id>/rattacher/", views.rattacher, name="rattacher"),
    path("services/<str:service_id>/orienter/", views.orienter, name="orienter"),
    path("orientations/", views.orientations, name="orientations"),
    path("orientations/<int:pk>/", views.orientation, name="orientation"),
    path("gestion/", views.gestion, name="gestion"),
    path("gestion/services/nouveau/", views.service_editer, name="service_creer"),
    path("gestion/structures/nouvelle/", views.structure_editer, name="structure_creer"),
    path("gestion/structures/<str:structure_id>/modifier/", views.structure_editer, name="structure_modifier"),
    path("gestion/signalements/<int:pk>/", views.signalement_traiter, name="signalement_traiter"),
    path("gestion/import-csv/", views.import_csv, name="import_csv"),
    path("gestion/import-csv/modele.csv", views.modele_import_csv, name="modele_csv"),
    path("correspondances/", views.correspondances, name="correspondances"),
    path("correspondances/<str:code>/", views.correspondance_modifier, name="correspondance_modifier"),
]
