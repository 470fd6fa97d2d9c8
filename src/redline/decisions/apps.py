from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "redline.decisions"
    label = "decisions"
    verbose_name = "Deployment gate, decisions and de-deployment protocols"

    def ready(self) -> None:
        from redline.decisions import sections, visibility

        sections.register()
        visibility.register()
