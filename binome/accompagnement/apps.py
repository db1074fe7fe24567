from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "binome.accompagnement"
    label = "accompagnement"
