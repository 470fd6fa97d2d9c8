from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "redline.disclosure"
    label = "disclosure"
    verbose_name = "Coordinated disclosure"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from redline.disclosure import derived, incident_facets, links, visibility

        derived.register()
        incident_facets.connect()
        links.register()
        visibility.register()
