from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    """Transparency reports, the FMTI crosswalk, the EU form and the NIST practice map (issue 16)."""

    name = "redline.transparency"
    label = "transparency"
    verbose_name = "Transparency"

    def ready(self) -> None:
        from redline.transparency import sections, visibility

        sections.register()
        visibility.register()
