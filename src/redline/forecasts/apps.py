from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "redline.forecasts"
    label = "forecasts"
    verbose_name = "Forecasts: questions, forecasts, resolutions and track records"

    def ready(self) -> None:
        from redline.evidence.signals import evaluations_stored
        from redline.forecasts import sections, visibility

        sections.register()
        visibility.register()
        evaluations_stored.connect(_resolve_on_import, dispatch_uid="forecasts.resolve_on_import")


def _resolve_on_import(sender, model, evaluations, **kwargs) -> None:
    """An importer stored evaluations of ``model``: resolve the questions they answer."""
    from redline.forecasts.resolution import resolve_for_model

    resolve_for_model(model)
