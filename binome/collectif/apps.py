from django.apps import AppConfig


class CollectifConfig(AppConfig):
    name = "binome.collectif"
    label = "collectif"
    verbose_name = "Actions collectives"
