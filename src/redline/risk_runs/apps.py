from django.apps import AppConfig


class RiskRunsConfig(AppConfig):
    """Stored runs of threat profiles' risk models (the app was called ``estimates`` before 0.2)."""

    name = "redline.risk_runs"
    label = "risk_runs"
    verbose_name = "Risk runs"

    def ready(self) -> None:
        from redline.risk_runs import visibility

        visibility.register()
