"""The data of each forecasts page: one dict per page, rendered as HTML or served as its JSON twin."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from redline.core.forecasts import QuestionKind, aggregate_probabilities, aggregate_quantiles
from redline.forecasts import lookups
from redline.forecasts.models import Question, QuestionEvent
from redline.forecasts.serializers import forecast_dict, question_summary, score_dict

STATES = ("draft", "open", "closed", "resolved", "annulled")
#: A track record lists its latest questions; its figures cover them all.
RECENT_ROWS = 50


def question_list(user, params) -> dict[str, Any]:
    qs = lookups.visible_questions(user)
    filters = {}
    if params.get("state") in STATES:
        filters["state"] = params["state"]
        qs = qs.filter(state=params["state"])
    model = (params.get("model") or "").strip()
    if model and "/" in model:
        org, slug = model.split("/", 1)
        filters["model"] = model
        qs = qs.filter(Q(model__organisation__slug=org, model__slug=slug)
                       | Q(pinned_model__organisation__slug=org, pinned_model__slug=slug))
    org = (params.get("org") or "").strip()
    if org:
        filters["org"] = org
        qs = qs.filter(Q(model__organisation__slug=org) | Q(next_model_of__slug=org) | Q(organisation__slug=org))
    red_line = (params.get("red_line") or "").strip()
    if red_line.isdigit():
        filters["red_line"] = int(red_line)
        qs = qs.filter(red_line_id=int(red_line))
    rows = [question_summary(q) for q in qs[:500]]
    return {"count": len(rows), "filters": filters, "results": rows}


def _resolution(question: Question) -> dict[str, Any] | None:
    if question.state != "resolved" or not question.resolution:
        return None
    r = dict(question.resolution)
    if question.evidence_id:
        e = question.evidence
        r["evidence"] = {"id": e.pk, "model": e.model.full_slug, "task": e.task, "metric": e.metric,
                         "scorer": e.scorer or None, "filename": e.filename, "sha256": e.sha256,
                         "url": f"/models/{e.model.full_slug}/evidence/"}
    return r


def question_page(user, question: Question) -> dict[str, Any]:
    """Criteria, events, the viewer's own forecasts, and — once revealed — everyone's with the aggregate."""
    data = question_summary(question)
    data.update(criteria=question.criteria, subject=question.subject(), forecasts_hidden=question.forecasts_hidden,
                author=None, resolution=_resolution(question), naive_value=question.naive_value)
    data["events"] = [{"id": e.pk, "event": e.event, "from": e.from_state, "to": e.to_state, "note": e.note,
                       "annul_reason": e.annul_reason or None, "automatic": e.automatic, "at": e.at.isoformat()}
                      for e in question.events.all()]
    shown = list(lookups.visible_forecasts(user, question).order_by("made_at", "pk"))
    is_revealed = lookups.revealed(question)
    closed = question.state in ("closed", "resolved", "annulled")
    data["forecasts_revealed"] = is_revealed
    data["forecasts"] = [forecast_dict(f, revealed_salt=closed) for f in shown]
    data["forecast_count"] = question.forecasts.count() if is_revealed else None
    data["aggregate"] = _aggregate(question, shown) if is_revealed else None
    data["plot_url"] = f"/forecasts/{question.pk}/plot.svg" if shown else None
    scores = list(question.scores.all()) if question.state == "resolved" else []
    data["scores"] = [score_dict(s) for s in scores]
    data["unscored_late"] = _late_count(question) if question.state == "resolved" else 0
    return data


def _standing(forecasts) -> dict[str, Any]:
    standing: dict[str, Any] = {}
    for f in forecasts:
        standing[f.forecaster] = f
    return standing


def _aggregate(question: Question, forecasts) -> dict[str, Any] | None:
    standing = list(_standing(forecasts).values())
    if not standing:
        return None
    if question.kind == QuestionKind.BINARY.value:
        agg = aggregate_probabilities([f.probability for f in standing])
        return agg.as_dict() if agg else None
    quantiles = aggregate_quantiles([tuple((float(a), float(b)) for a, b in f.quantiles) for f in standing])
    return {"n": len(standing), "median_quantiles": [list(p) for p in quantiles] if quantiles else None}


def _late_count(question: Question) -> int:
    """Forecasts made at or after the scoring cut-off: kept, not scored."""
    from redline.core.forecasts import scoring_cutoff

    resolution = question.core_resolution()
    if resolution is None:
        return 0
    return question.forecasts.filter(made_at__gte=scoring_cutoff(question.to_core(), resolution)).count()


def question_svg(user, question: Question) -> str:
    from redline.core.forecasts.plots import question_svg as draw

    shown = [f.to_core() for f in lookups.visible_forecasts(user, question).order_by("made_at", "pk")]
    if not shown:
        from django.http import Http404

        raise Http404("no forecasts to draw")
    core = question.to_core()  # titled by its short label: a long question title would run off the plot
    return draw(core, shown, question.core_resolution(), title=core.label(), now=timezone.now())


def question_form_choices(user) -> dict[str, Any]:
    from redline.accounts.models import Organisation
    from redline.accounts.policy import visible_filter
    from redline.commitments.models import Commitment
    from redline.registry.models import AIModel

    models = list(AIModel.objects.filter(visible_filter(user)).select_related("organisation").listed())
    orgs = list(Organisation.objects.all()) if user.is_staff else list(
        Organisation.objects.filter(memberships__user=user).order_by("name"))
    developer_orgs = list(Organisation.objects.filter(kind="developer").order_by("name"))
    red_lines = list(Commitment.objects.filter(visible_filter(user, prefix="model__"), kind="red_line")
                     .select_related("model__organisation"))
    return {"models": models, "orgs": orgs, "developer_orgs": developer_orgs, "red_lines": red_lines}


# --- track records ---------------------------------------------------------------------------


def _record(user, handle=None, org=None):
    from redline.forecasts import scoring

    return scoring.organisation_record(user, org) if org is not None else scoring.forecaster_record(user, handle)


def record_page(user, *, handle: str | None = None, org=None) -> dict[str, Any]:
    record = _record(user, handle, org)
    figures = record.record.as_dict()
    base = f"/forecasts/orgs/{org.slug}/" if org is not None else f"/forecasts/forecasters/{handle}/"
    rows = []
    for row in record.rows[-RECENT_ROWS:]:
        f = row.scored.forecast
        s = row.scored
        rows.append({"question": row.question_id, "title": row.title, "url": f"/forecasts/{row.question_id}/",
                     "kind": row.kind, "outcome": f.outcome, "close_call": row.close_call, "probability": f.probability,
                     "quantiles": [list(p) for p in f.quantiles] if f.quantiles else None,
                     "brier": s.brier, "log_score": s.log_score, "baseline_score": s.baseline_score,
                     "peer_score": s.peer_score, "crps": s.crps, "wis": s.wis, "covered_50": s.covered_50,
                     "covered_90": s.covered_90, "time_averaged_baseline_score": row.time_baseline,
                     "time_averaged_peer_score": row.time_peer})
    return {"forecaster": record.name, "organisation": org.slug if org is not None else None,
            "organisation_name": org.name if org is not None else None, **figures,
            "n_questions": len(record.rows), "questions": rows, "rows_shown": len(rows),
            "reliability_url": base + "reliability.svg" if figures["summary"]["n_binary"] else None,
            "discrimination_url": base + "discrimination.svg" if figures["summary"]["n_binary"] else None,
            "reliability_alt": _reliability_alt(record.record), "discrimination_alt": _discrimination_alt(record.record)}


def _reliability_alt(record) -> str:
    filled = [b for b in record.reliability.bins if b.count]
    parts = [f"{b.lower:.0%}–{b.upper:.0%}: {b.count} forecasts, {b.observed:.0%} resolved yes" for b in filled]
    return ("Reliability diagram, observed frequency of yes against mean forecast in 10 bins. "
            + "; ".join(parts) + ". The table below gives every bin with its 90% interval.")


def _discrimination_alt(record) -> str:
    d = record.discrimination.as_dict()
    yes, no = d.get("mean_on_yes"), d.get("mean_on_no")

    def fmt(v):
        return "—" if v is None else f"{v:.0%}"

    return (f"Discrimination: histograms of the probabilities given on questions that resolved yes "
            f"(mean {fmt(yes)}) and no (mean {fmt(no)}).")


def record_svg(user, kind: str, *, handle=None, org=None) -> str:
    """A record's reliability or discrimination plot, drawn once per record (see scoring's cache)."""
    from redline.core.forecasts.plots import discrimination_svg, reliability_svg

    cached = _record(user, handle, org)
    if kind not in cached.plots:
        record = cached.record
        name = record.summary.forecaster
        cached.plots[kind] = (reliability_svg(record.reliability, title=f"Reliability: {name}") if kind == "reliability"
                              else discrimination_svg(record.discrimination, title=f"Discrimination: {name}"))
    return cached.plots[kind]


def leaderboard(user) -> dict[str, Any]:
    from redline.forecasts.scoring import LEADERBOARD_MIN_QUESTIONS
    from redline.forecasts.scoring import leaderboard as board

    rows = []
    for rank, s in enumerate(board(user), start=1):
        row = {"rank": rank, **s.as_dict(), "n_peer": s.n_peer}
        row["url"] = (f"/forecasts/orgs/{s.forecaster[4:]}/" if s.forecaster.startswith("org:")
                      else f"/forecasts/forecasters/{s.forecaster}/")
        rows.append(row)
    return {"minimum_questions": LEADERBOARD_MIN_QUESTIONS, "count": len(rows), "results": rows}


def event_title(event: QuestionEvent) -> str:
    q = event.question
    if event.event == "resolve":
        outcome = (event.resolution or {}).get("outcome")
        shown = ("yes" if outcome else "no") if q.kind == "binary" else f"{outcome:g}"
        flag = " (close call)" if (event.resolution or {}).get("close_call") else ""
        return f"Resolved {shown}{flag}: {q.title}"
    if event.event == "annul":
        return f"Annulled ({event.annul_reason.replace('_', ' ')}): {q.title}"
    return f"Resolution reversed: {q.title}"


def event_description(event: QuestionEvent) -> str:
    r = event.resolution or {}
    bits = []
    if r.get("estimate") is not None:
        bits.append(f"estimate {r['estimate']:.4g}")
    if r.get("interval"):
        bits.append(f"interval [{r['interval'][0]:.4g}, {r['interval'][1]:.4g}]")
    if r.get("digest"):
        bits.append(f"evidence SHA-256 {r['digest']}")
    if event.automatic and event.event == "resolve":
        bits.append("resolved automatically from imported evidence")
    if event.note:
        bits.append(event.note)
    return "; ".join(bits) or event.event

