from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "binome.core"
    label = "core"

    def ready(self):
        from binome.core import verifications  # noqa: F401 — enregistre les vérifications système
