from django.apps import AppConfig


class EchangesConfig(AppConfig):
    name = "binome.echanges"
    label = "echanges"
    verbose_name = "Échanges de fichiers avec les systèmes des départements"

    def ready(self):
        # Poste h5 : les fichiers d'événements mensuels et l'effacement des fichiers échus (couche inférieure).
        from binome.confiance import planification
        from binome.echanges.exports.taches import exports_quotidiens

        planification.brancher(
            planification.TachePlanifiee("exports_evenements", exports_quotidiens, planification.Rythme.NOCTURNE)
        )
