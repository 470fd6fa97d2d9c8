from django.apps import AppConfig


class EstimatesConfig(AppConfig):
    name = "redline.estimates"
    label = "estimates"
    verbose_name = "Risk estimates"
