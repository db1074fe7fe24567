from django.apps import AppConfig


class QuotidienConfig(AppConfig):
    name = "binome.quotidien"
    label = "quotidien"
    verbose_name = "Quotidien"
