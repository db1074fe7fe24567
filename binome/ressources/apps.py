from django.apps import AppConfig


class RessourcesConfig(AppConfig):
    name = "binome.ressources"
    label = "ressources"
