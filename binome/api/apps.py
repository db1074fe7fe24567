from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "binome.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        # Les clés d'idempotence de plus de 24 h, purgées chaque nuit (couche plus basse : confiance).
        from binome.api.taches import purger_cles_idempotence
        from binome.confiance import planification

        planification.brancher(
            planification.TachePlanifiee(
                "purger_cles_idempotence", purger_cles_idempotence, planification.Rythme.NOCTURNE
            )
        )
