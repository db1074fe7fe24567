from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "binome.agenda"
    label = "agenda"
    verbose_name = "Agenda"
