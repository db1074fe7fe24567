"""Adresses des instances (``/instances/…``)."""

app_name = "instances"

urlpatterns: list = []
