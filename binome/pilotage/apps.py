from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "binome.pilotage"
    label = "pilotage"

    def ready(self):
        # Agrégats des tableaux de bord recalculés chaque nuit (issue 17) ; le pilotage est au-dessus de la confiance.
        from binome.confiance import planification
        from binome.pilotage.taches import rafraichir_agregats

        planification.brancher(
            planification.TachePlanifiee(
                "rafraichir_agregats_pilotage", rafraichir_agregats, planification.Rythme.NOCTURNE
            )
        )
