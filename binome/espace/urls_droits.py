from django.urls import path

from binome.espace import vues_droits

urlpatterns = [
    path("mon-espace/mes-donnees/", vues_droits.donnees, name="donnees"),
    path("mon-espace/consultations/", vues_droits.consultations, name="consultations"),
    path("mon-espace/notice/", vues_droits.notice, name="notice"),
    path("mon-espace/opposition/", vues_droits.opposition, name="opposition"),
    path("mon-espace/fermer/", vues_droits.fermer, name="fermer"),
]
