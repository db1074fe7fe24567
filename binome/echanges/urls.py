"""Adresses des échanges de fichiers (``/echanges/…``)."""

app_name = "echanges"

urlpatterns = []
