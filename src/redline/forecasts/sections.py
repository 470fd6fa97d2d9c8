"""What the forecasts app adds to other apps' pages, registered in ``AppConfig.ready``.

- the model page: the questions on the model and its developer's own prediction record;
- the organisation page: the organisation's track record as a body and the questions on its models;
- a red line's page: the questions linked to it ("will this model cross red line R?").
"""

from __future__ import annotations

from typing import Any


def _questions(user, **filters) -> list[dict[str, Any]]:
    from redline.forecasts.lookups import visible_questions
    from redline.forecasts.serializers import question_summary

    return [question_summary(q) for q in visible_questions(user).filter(**filters).exclude(state="draft")[:20]]


def _record_summary(user, org) -> dict[str, Any] | None:
    from redline.forecasts.scoring import organisation_record

    record = organisation_record(user, org)
    if not record.rows:
        return None
    summary = record.record.as_dict()["summary"]
    return {**summary, "url": f"/forecasts/orgs/{org.slug}/", "beats_half": record.record.versus_half.beats}


def model_section(model, user, shared: dict) -> dict[str, Any] | None:
    from django.db.models import Q

    from redline.forecasts.lookups import visible_questions
    from redline.forecasts.serializers import question_summary

    rows = [question_summary(q) for q in visible_questions(user).filter(Q(model=model) | Q(pinned_model=model))
            .exclude(state="draft")[:20]]
    record = _record_summary(user, model.organisation)
    if not rows and record is None:
        return None
    return {"forecast_questions": rows, "developer_forecast_record": record}


def org_section(org, user, shared: dict) -> dict[str, Any] | None:
    from django.db.models import Q

    from redline.forecasts.lookups import visible_questions
    from redline.forecasts.serializers import question_summary

    rows = [question_summary(q) for q in visible_questions(user)
            .filter(Q(model__organisation=org) | Q(next_model_of=org) | Q(organisation=org)).exclude(state="draft")[:20]]
    record = _record_summary(user, org)
    if not rows and record is None:
        return None
    return {"forecast_questions": rows, "forecast_record": record}


def red_line_section(commitment, user, shared: dict) -> dict[str, Any] | None:
    if commitment.kind != "red_line":
        return None
    rows = _questions(user, red_line=commitment)
    return {"forecast_questions": rows} if rows else None


def register() -> None:
    from redline.commitments.pages import register_commitment_section
    from redline.registry.pages import register_model_section, register_org_section

    register_model_section("forecasts", order=60, template="forecasts/_model_section.html", build=model_section)
    register_org_section("forecasts", order=60, template="forecasts/_org_section.html", build=org_section)
    register_commitment_section("forecasts", order=10, template="forecasts/_red_line_section.html",
                                build=red_line_section)
