from django.apps import AppConfig


class EnumerationConfig(AppConfig):
    name = "redline.enumeration"
    label = "enumeration"
    verbose_name = "Common Use Enumeration"
