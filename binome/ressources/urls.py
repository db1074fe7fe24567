from django.urls import path

from binome.ressources.views import consultation, gestion, orientations, parametrage

app_name = "ressources"

urlpatterns = [
    path("", consultation.recherche, name="recherche"),
    path("services/<str:service_id>/", consultation.service, name="service"),
    path("services/<str:service_id>/signaler/", consultation.signaler, name="signaler"),
    path("services/<str:service_id>/modifier/", gestion.service_editer, name="service_modifier"),
    path("services/<str:service_id>/verifier/", gestion.service_verifier, name="service_verifier"),
    path("services/<str:service_id>/moderer/", gestion.service_moderer, name="service_moderer"),
    path("services/<str:service_id>/historique/", gestion.service_historique, name="service_historique"),
    path("services/<str:service_id>/rattacher/", orientations.rattacher, name="rattacher"),
    path("services/<str:service_id>/orienter/", orientations.orienter, name="orienter"),
    path("orientations/", orientations.orientations, name="orientations"),
    path("orientations/<int:pk>/", orientations.orientation, name="orientation"),
    path("gestion/", gestion.gestion, name="gestion"),
    path("gestion/services/nouveau/", gestion.service_editer, name="service_creer"),
    path("gestion/structures/nouvelle/", gestion.structure_editer, name="structure_creer"),
    path("gestion/structures/<str:structure_id>/modifier/", gestion.structure_editer, name="structure_modifier"),
    path("gestion/signalements/<int:pk>/", gestion.signalement_traiter, name="signalement_traiter"),
    path("gestion/import-csv/", gestion.import_csv, name="import_csv"),
    path("gestion/import-csv/modele.csv", gestion.modele_import_csv, name="modele_csv"),
    path("correspondances/", parametrage.correspondances, name="correspondances"),
    path("correspondances/<str:code>/", parametrage.correspondance_modifier, name="correspondance_modifier"),
]
