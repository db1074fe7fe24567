from django.apps import AppConfig


class InstancesConfig(AppConfig):
    name = "binome.instances"
    label = "instances"
    verbose_name = "Instances (équipes pluridisciplinaires, comités techniques)"

    def ready(self):
        # Les passages devant une instance et les manquements, sur la fiche de la personne (couche inférieure).
        from binome.accompagnement import fiche
        from binome.instances.sections import section_fiche

        fiche.brancher(section_fiche)
