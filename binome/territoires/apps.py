from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "binome.territoires"
    label = "territoires"
