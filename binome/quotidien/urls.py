"""Adresses du quotidien (``/quotidien/…``) : « À faire », compteurs du menu, préférences du résumé."""

app_name = "quotidien"

urlpatterns: list = []
