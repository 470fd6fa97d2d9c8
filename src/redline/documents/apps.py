from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Documents with audiences, information-hazard review, claims and governance cards (issue 16)."""

    name = "redline.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from redline.documents import sections, visibility

        sections.register()
        visibility.register()
