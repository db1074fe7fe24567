from django.apps import AppConfig


class EspaceConfig(AppConfig):
    name = "binome.espace"
    label = "espace"
    verbose_name = "Espace de la personne accompagnée"

    def ready(self):
        # session : une connexion de professionnel efface toute session de personne dans le même navigateur.
        from binome.espace import session  # noqa: F401
