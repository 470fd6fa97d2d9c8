"""Demo: run every attached risk model against its in-force thresholds (idempotent)."""

from __future__ import annotations

from redline.accounts.models import Membership, Role
from redline.commitments.models import CommitmentVersion, ThreatProfile
from redline.core.commitments import CommitmentState
from redline.ledger.services import acting_as
from redline.risk_runs.models import RiskRun
from redline.risk_runs.services import run_profile, yaml_digest


def load() -> None:
    for profile in ThreatProfile.objects.exclude(risk_model_yaml="").select_related("model__organisation"):
        admin = Membership.objects.filter(organisation=profile.model.organisation, role=Role.ADMIN).first()
        if admin is None:
            continue
        versions = CommitmentVersion.objects.filter(commitment__threat_profile=profile,
                                                    commitment__kind="risk_threshold",
                                                    state=CommitmentState.IN_FORCE.value)
        for version in versions:
            if RiskRun.objects.filter(profile=profile, threshold_version=version,
                                      model_sha256=yaml_digest(profile.risk_model_yaml.strip())).exists():
                continue
            with acting_as(admin.user):
                run_profile(admin.user, profile, threshold_version=version, samples=200_000, seed=2026,
                            outer=200, inner=2_000, user=admin.user)
