from django.apps import AppConfig


class SafetyCasesConfig(AppConfig):
    """GSN safety cases bound to live evidence, independently assessed, required by the gate (issue 14)."""

    name = "redline.safety_cases"
    label = "safety_cases"
    verbose_name = "Safety cases"

    def ready(self) -> None:
        from redline.safety_cases import gate, sections, signals, visibility

        sections.register()
        visibility.register()
        gate.register()
        signals.connect()
