from django.apps import AppConfig


class CollectifConfig(AppConfig):
    name = "binome.collectif"
    label = "collectif"
    verbose_name = "Actions collectives"

    def ready(self):
        # Poste h2 : les séances animées dans l'agenda abonné, le rappel J-2 dans les tâches planifiées.
        from binome.agenda import flux
        from binome.collectif.flux import evenements_des_seances
        from binome.collectif.taches import envoyer_rappels_seances
        from binome.confiance import planification

        flux.brancher(evenements_des_seances)
        planification.brancher(
            planification.TachePlanifiee(
                "rappels_seances_collectives", envoyer_rappels_seances, planification.Rythme.QUOTIDIENNE
            )
        )
