from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "binome.agenda"
    label = "agenda"
    verbose_name = "Agenda"

    def ready(self):
        # Poste h1 : les rendez-vous du parcours sur la fiche de la personne (couche inférieure).
        from binome.accompagnement import fiche
        from binome.agenda.sections import section_fiche

        fiche.brancher(section_fiche)
        from binome.agenda.profil import section_abonnement
        from binome.comptes import profil

        profil.brancher(section_abonnement)
