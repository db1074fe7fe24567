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
