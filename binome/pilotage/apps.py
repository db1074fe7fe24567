from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "binome.pilotage"
    label = "pilotage"
