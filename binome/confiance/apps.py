from django.apps import AppConfig


class ConfianceConfig(AppConfig):
    name = "binome.confiance"
    label = "confiance"
    verbose_name = "Confiance"

    def ready(self):
        # Signal de connexion : état de la double authentification gardé en session.
        from binome.confiance import double_facteur  # noqa: F401
