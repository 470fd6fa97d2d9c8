"""The model page's section of safety cases: each case with its state and live status."""

from __future__ import annotations

from typing import Any


def cases_section(model, user, shared: dict) -> dict[str, Any] | None:
    from redline.safety_cases.lookups import visible_cases
    from redline.safety_cases.serializers import case_summary

    cases = visible_cases(user, model)
    return {"safety_cases": [case_summary(c) for c in cases],
            "safety_cases_url": f"/models/{model.full_slug}/safety-cases/"}


def register() -> None:
    from redline.registry.pages import register_model_section

    register_model_section("safety_cases", order=45, template="safety_cases/_model_section.html",
                           build=cases_section)
