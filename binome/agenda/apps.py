from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "binome.agenda"
    label = "agenda"
    verbose_name = "Agenda"

    def ready(self):
        from binome.agenda.profil import section_abonnement
        from binome.comptes import profil

        profil.brancher(section_abonnement)
