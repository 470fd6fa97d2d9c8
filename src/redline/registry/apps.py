from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "redline.registry"
    label = "registry"
    verbose_name = "Model registry"

    def ready(self) -> None:
        from redline.registry import visibility

        visibility.register()
