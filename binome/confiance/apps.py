from django.apps import AppConfig


class ConfianceConfig(AppConfig):
    name = "binome.confiance"
    label = "confiance"
