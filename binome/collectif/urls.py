"""Adresses des actions collectives (``/actions-collectives/…``)."""

app_name = "collectif"

urlpatterns: list = []
