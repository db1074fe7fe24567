from django.apps import AppConfig


class IdentiteConfig(AppConfig):
    name = "binome.identite"
    label = "identite"
    verbose_name = "Identité : connexion par ProConnect et FranceConnect"
