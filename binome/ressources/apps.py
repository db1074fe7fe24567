from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _assurer_index_texte(sender, using="default", **kwargs):
    from django.db import connections

    from binome.ressources import index_texte

    index_texte.installer(connections[using])


class RessourcesConfig(AppConfig):
    name = "binome.ressources"
    label = "ressources"
    verbose_name = "Ressources"

    def ready(self):
        post_migrate.connect(_assurer_index_texte, sender=self, dispatch_uid="ressources_index_texte")
        # L'accompagnement (couche inférieure) affiche les services rattachés à un plan selon notre règle.
        from binome.accompagnement import annuaire
        from binome.ressources.selectors import orientations_des_actions, services_consultables

        annuaire.brancher(services_consultables)
        annuaire.brancher_orientations(orientations_des_actions)
