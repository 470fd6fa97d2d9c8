"""The evidence section of the model page: imported evaluations and safeguard adequacy tests."""

from __future__ import annotations

from typing import Any


def evidence_section(model, user, shared: dict) -> dict[str, Any]:
    from redline.evidence.serializers import campaign_dict, evaluation_dict
    from redline.evidence.services import latest_campaigns

    return {"safeguards": [campaign_dict(c) for c in latest_campaigns(model)],
            "evaluations": [evaluation_dict(e) for e in model.evaluations.order_by("-imported_at")[:20]]}


def register() -> None:
    from redline.registry.pages import register_model_section

    register_model_section("evidence", order=30, template="evidence/_model_evidence.html", build=evidence_section)
