from django.apps import AppConfig


class EchangesConfig(AppConfig):
    name = "binome.echanges"
    label = "echanges"
    verbose_name = "Échanges de fichiers avec les systèmes des départements"
