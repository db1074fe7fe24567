from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "binome.api"
    label = "api"
