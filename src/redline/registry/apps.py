from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "redline.registry"
    label = "registry"
    verbose_name = "Model registry"
