from django.urls import path

from binome.pilotage import views

app_name = "pilotage"

urlpatterns = [
    path("", views.tableau_de_bord, name="tableau_de_bord"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export-fse/", views.export_fse, name="export_fse"),
    path("national/", views.tableau_national, name="national"),
    path("national/recalculer/", views.rafraichir_agregats, name="rafraichir_agregats"),
    path("national/export.csv", views.export_national_csv, name="export_national_csv"),
    path("national/export.xlsx", views.export_national_xlsx, name="export_national_xlsx"),
    path("definitions/<str:code>/", views.definitions_sortie_positive, name="definitions"),
]
