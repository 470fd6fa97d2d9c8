from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "redline.evidence"
    label = "evidence"
    verbose_name = "Evidence: evaluations, safeguard campaigns and verdicts"

    def ready(self) -> None:
        from redline.commitments.signals import version_in_force
        from redline.evidence import sections, visibility

        sections.register()
        visibility.register()
        version_in_force.connect(_recompute_red_line, dispatch_uid="evidence.recompute_red_line")


def _recompute_red_line(sender, version, **kwargs) -> None:
    """A red line came into force: judge the evidence already on record against it."""
    from redline.commitments.models import CommitmentKind
    from redline.evidence.services import recompute_for_version

    if version.commitment.kind == CommitmentKind.RED_LINE:
        recompute_for_version(version)
