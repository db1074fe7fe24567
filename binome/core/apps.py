from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "binome.core"
    label = "core"

    def ready(self):
        from binome.core import session, verifications  # noqa: F401 — signal de connexion, vérifications système
