from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """Écrans de l'administrateur départemental sur les organisations (au-dessus de comptes, qui fixe le périmètre)."""

    name = "binome.administration"
    label = "administration"
