from django.apps import AppConfig


class ConfianceConfig(AppConfig):
    name = "binome.confiance"
    label = "confiance"
    verbose_name = "Confiance"

    def ready(self):
        # double_facteur : signal de connexion (état de la double authentification gardé en session) ;
        # planification : vérification système de la liste des tâches planifiées (chaque tâche importée au démarrage).
        from binome.confiance import double_facteur, planification  # noqa: F401
