from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "redline.commitments"
    label = "commitments"
    verbose_name = "Commitments: threat profiles, risk thresholds and red lines"

    def ready(self) -> None:
        from redline.commitments import links, sections, visibility

        links.register()
        sections.register()
        visibility.register()
