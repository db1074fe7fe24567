"""Routes de l'espace de noms ``core`` : l'accueil (ici) et les pages légales (``binome.core.urls``).

L'espace de noms ``core`` est conservé (``core:accueil`` dans les gabarits) : ce module le complète.
"""

from django.urls import path

from binome.core import urls as urls_core
from binome.portail import views

app_name = urls_core.app_name

urlpatterns = [
    path("", views.accueil, name="accueil"),
    *urls_core.urlpatterns,
]
