from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "binome.comptes"
    label = "comptes"
