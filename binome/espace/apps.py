from django.apps import AppConfig


class EspaceConfig(AppConfig):
    name = "binome.espace"
    label = "espace"
    verbose_name = "Espace de la personne accompagnée"

    def ready(self):
        # session : une connexion de professionnel efface toute session de personne dans le même navigateur.
        # Poste h2 : l'état de l'espace sur la fiche de la personne (couche inférieure).
        from binome.accompagnement import fiche
        from binome.espace import session  # noqa: F401
        from binome.espace.sections import section_fiche

        fiche.brancher(section_fiche)
