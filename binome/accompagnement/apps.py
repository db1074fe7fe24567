from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "binome.accompagnement"
    label = "accompagnement"

    def ready(self):
        # Les comptes (couche inférieure) refusent de désactiver un agent qui suit encore des parcours.
        from binome.accompagnement.selectors.reaffectation import nombre_parcours_a_reaffecter
        from binome.comptes import desactivation

        desactivation.brancher(nombre_parcours_a_reaffecter)
