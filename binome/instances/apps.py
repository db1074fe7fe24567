from django.apps import AppConfig


class InstancesConfig(AppConfig):
    name = "binome.instances"
    label = "instances"
    verbose_name = "Instances (équipes pluridisciplinaires, comités techniques)"
