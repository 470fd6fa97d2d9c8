"""Automatic resolution on import, invalid evidence, next-model questions, close calls and the clock."""

from __future__ import annotations

import datetime as dt

import pytest
from redline_tests_forecast_fixtures import CYBER_RUN, EVIDENCE, import_cyber

from redline.forecasts import services
from redline.forecasts.resolution import run_clock

pytestmark = pytest.mark.django_db


def at(days: float) -> dt.datetime:
    return CYBER_RUN + dt.timedelta(days=days)


def test_open_question_resolves_early_and_ends_forecasting(fworld, make_question):
    q = make_question(closes=at(20), resolve_by=at(40))
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    assert q.state == "resolved" and q.events.last().automatic
    assert q.resolution["run_at"].startswith("2026-11-23") and q.resolution["digest"] == q.evidence.sha256
    with pytest.raises(Exception):
        services.make_forecast(fworld["ana"], q, probability=0.5, now=at(1))


def test_evidence_outside_the_window_or_of_another_task_does_not_resolve(fworld, make_question):
    before = make_question(opens=at(1), closes=at(5), resolve_by=at(9), title="opens after the run")
    other = make_question(task="bio_protocol_uplift", title="another task")
    scorer = make_question(scorer="some_other_scorer", title="another scorer")
    import_cyber(fworld["admin"], fworld["model"])
    for q in (before, other, scorer):
        q.refresh_from_db()
        assert q.state == "open", q.title


def test_failed_run_does_not_resolve(fworld, make_question):
    from redline.evidence.services import import_file

    q = make_question(task="cyber_exploit_ctf")
    path = EVIDENCE / "inspect" / "synthetic-failed.json"
    import_file(fworld["admin"], fworld["model"], path, model_alias={"mockllm/model": fworld["model"].full_slug})
    q.refresh_from_db()
    assert q.state == "open"


def test_close_call_is_flagged(fworld, make_question):
    q = make_question(threshold=0.6)  # 16/25 = 0.64, its 95% interval holds 0.6
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    assert q.resolution["outcome"] is True and q.resolution["close_call"] is True
    low, high = q.resolution["interval"]
    assert low <= 0.6 <= high


def test_le_question_resolves_no_on_a_high_estimate(fworld, make_question):
    q = make_question(direction="le", threshold=0.3)
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    assert q.resolution["outcome"] is False and not q.resolution["close_call"]


def test_next_model_question_pins_the_first_model_registered_after_opening(fworld, make_model, make_question):
    from redline.registry.models import AIModel

    AIModel.objects.filter(pk=fworld["model"].pk).update(created_at=at(-30))  # registered before the question
    q = make_question(model=None, next_model_of=fworld["dev"], title="next Acme")
    import_cyber(fworld["admin"], fworld["model"])  # evidence of the older model answers nothing
    q.refresh_from_db()
    assert q.state == "open" and q.pinned_model is None
    newer = make_model(fworld["dev"], name="Acme 9B", slug="acme-9b")
    later = make_model(fworld["dev"], name="Acme 10B", slug="acme-10b")
    import_cyber(fworld["admin"], later)  # the second model registered is not the next one
    q.refresh_from_db()
    assert q.pinned_model == newer and q.state == "open"
    import_cyber(fworld["admin"], newer)
    q.refresh_from_db()
    assert q.state == "resolved" and q.subject() == "the next model of Acme AI (acme/acme-9b)"


def test_clock_closes_and_annuls(fworld, make_question):
    q = make_question(closes=at(2), resolve_by=at(5))
    assert run_clock(now=at(3)) == {"closed": 1, "annulled": 0, "resolved": 0}
    q.refresh_from_db()
    assert q.state == "closed"
    assert run_clock(now=at(6))["annulled"] == 1
    q.refresh_from_db()
    assert q.state == "annulled" and q.annul_reason == "nothing_imported"
    assert q.events.last().automatic


def test_closed_question_resolves_on_a_late_import_of_an_early_run(fworld, make_question):
    q = make_question(closes=at(2), resolve_by=at(30))
    run_clock(now=at(3))
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    assert q.state == "resolved"


def test_numeric_question_scores_against_extrapolating_earlier_models(fworld, make_model, make_question):
    from django.test import Client

    from redline.registry.models import AIModel

    older = [make_model(fworld["dev"], name=f"Acme {n}", slug=f"acme-{n}") for n in ("v1", "v2")]
    for i, model in enumerate(older):
        AIModel.objects.filter(pk=model.pk).update(release_date=dt.date(2026, 1 + i, 1))
        import_cyber(fworld["admin"], model)  # 0.64 on both: the naive line is flat at 0.64
    AIModel.objects.filter(pk=fworld["model"].pk).update(release_date=dt.date(2026, 6, 1))
    q = make_question(kind="numeric", title="numeric with history")
    services.make_forecast(fworld["ana"], q, quantiles=[[0.1, 0.3], [0.5, 0.5], [0.9, 0.7]], now=at(-3))
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    assert q.state == "resolved" and q.naive_value == pytest.approx(0.64)
    record = Client().get("/forecasts/forecasters/ana.json").json()
    versus = record["versus_extrapolation"]
    assert versus["n"] == 1 and versus["baseline_mean"] == pytest.approx(0.0) and versus["beats"] is False
    assert record["summary"]["crps"] > 0
