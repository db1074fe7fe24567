"""Pages communes : l'accueil (ici) et les pages du socle (``binome.core.urls``).

L'espace de noms reste « core » (``core:accueil``, ``core:mentions_legales``…) : ce sont les adresses que
tous les gabarits et réglages (``LOGIN_REDIRECT_URL``) désignent depuis l'origine.
"""

from django.urls import path

from binome.core.urls import urlpatterns as pages_du_socle
from binome.portail import views

app_name = "core"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    *pages_du_socle,
]
