"""Plain dicts of questions, forecasts and track records, for JSON twins, the API and the CLI."""

from __future__ import annotations

from typing import Any

from redline.forecasts.models import Forecast, Question, Score


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def question_summary(q: Question) -> dict[str, Any]:
    return {
        "id": q.pk, "url": q.get_absolute_url(), "title": q.title, "kind": q.kind, "state": q.state,
        "model": q.model.full_slug if q.model_id else None,
        "next_model_of": q.next_model_of.slug if q.next_model_of_id else None,
        "pinned_model": q.pinned_model.full_slug if q.pinned_model_id else None,
        "task": q.task, "metric": q.metric, "scorer": q.scorer or None, "direction": q.direction,
        "threshold": q.threshold, "label": q.to_core().label(),
        "opens_at": _iso(q.opens_at), "closes_at": _iso(q.closes_at), "resolve_by": _iso(q.resolve_by),
        "visibility": q.visibility, "public_after": _iso(q.public_after),
        "organisation": q.organisation.slug if q.organisation_id else None,
        "red_line": ({"id": q.red_line_id, "name": q.red_line.name, "url": q.red_line.get_absolute_url()}
                     if q.red_line_id else None),
        "outcome": (q.resolution or {}).get("outcome") if q.state == "resolved" else None,
        "close_call": bool((q.resolution or {}).get("close_call")) if q.state == "resolved" else False,
        "annul_reason": q.annul_reason or None,
    }


def forecast_dict(f: Forecast, *, revealed_salt: bool) -> dict[str, Any]:
    return {"id": f.pk, "forecaster": f.forecaster, "by_organisation": f.organisation_id is not None,
            "probability": f.probability, "quantiles": f.quantiles, "made_at": f.made_at.isoformat(),
            # After close anyone may recompute the ledger digest of the entry; before, the salt stays secret.
            "salt": f.ledger_salt if revealed_salt else None}


def score_dict(s: Score) -> dict[str, Any]:
    return {"forecaster": s.forecaster, "brier": s.brier, "log_score": s.log_score,
            "baseline_score": s.baseline_score, "peer_score": s.peer_score, "crps": s.crps, "wis": s.wis,
            "covered_50": s.covered_50, "covered_90": s.covered_90,
            "time_averaged_baseline_score": s.time_baseline, "time_averaged_peer_score": s.time_peer,
            "forecast": s.forecast_id}
