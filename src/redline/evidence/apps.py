from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "redline.evidence"
    label = "evidence"
    verbose_name = "Evidence: evaluations, safeguard campaigns and verdicts"
