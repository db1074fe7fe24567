from django.apps import AppConfig


class CollectifConfig(AppConfig):
    name = "binome.collectif"
    label = "collectif"
    verbose_name = "Actions collectives"

    def ready(self):
        # Les inscriptions aux séances collectives sur la fiche de la personne (couche inférieure).
        from binome.accompagnement import fiche
        from binome.collectif.sections import section_fiche

        fiche.brancher(section_fiche)

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
