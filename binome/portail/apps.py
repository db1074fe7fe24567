from django.apps import AppConfig


class PortailConfig(AppConfig):
    """Couche la plus haute des pages : accueil par rôle et menu, qui rassemblent les autres applications."""

    name = "binome.portail"
    label = "portail"
