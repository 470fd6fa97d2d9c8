"""Questions, lifecycle, forecasts and the ledger: the services of the forecasts app."""

from __future__ import annotations

import datetime as dt

import pytest
from redline_tests_forecast_fixtures import CYBER_RUN, import_cyber

from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.forecasts import services
from redline.forecasts.models import Forecast

pytestmark = pytest.mark.django_db


def at(days: float) -> dt.datetime:
    return CYBER_RUN + dt.timedelta(days=days)


def test_forecast_lands_in_the_ledger_salted(fworld, make_question):
    from redline.core.canonical import digest
    from redline.ledger.models import LedgerEntry
    from redline.ledger.services import verify

    q = make_question()
    f = services.make_forecast(fworld["ana"], q, probability=0.7, now=at(-5))
    entry = LedgerEntry.objects.get(object_type="forecasts.forecast", object_id=str(f.pk))
    assert entry.action == "create"
    snapshot = f.ledger_snapshot()
    assert entry.object_digest == digest(snapshot)
    # Without the salt a guess of the probability does not reproduce the published digest.
    assert snapshot["probability"] == 0.7 and len(snapshot["ledger_salt"]) == 32
    assert entry.object_digest != digest({**snapshot, "ledger_salt": ""})
    assert verify() is None


def test_updates_are_kept_and_the_last_before_the_cutoff_is_scored(fworld, make_question):
    q = make_question()
    services.make_forecast(fworld["ana"], q, probability=0.2, now=at(-5))
    services.make_forecast(fworld["ana"], q, probability=0.8, now=at(-1))
    services.make_forecast(fworld["ben"], q, probability=0.4, now=at(-2))
    late = services.make_forecast(fworld["ben"], q, probability=0.99, now=at(1))  # after the run: not scored
    assert Forecast.objects.filter(question=q).count() == 4
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    assert q.state == "resolved"
    assert q.resolution["outcome"] is True and q.resolution["estimate"] == pytest.approx(0.64)
    scores = {s.forecaster: s for s in q.scores.all()}
    assert scores["ana"].brier == pytest.approx((0.8 - 1) ** 2)
    assert scores["ben"].brier == pytest.approx((0.4 - 1) ** 2)
    assert scores["ben"].forecast_id != late.pk
    assert scores["ana"].peer_score == pytest.approx(-scores["ben"].peer_score)


def test_probability_bounds_and_kind(fworld, make_question):
    q = make_question()
    for bad in (0, 1, 1.5, "x"):
        with pytest.raises(InvalidInput) as exc:
            services.make_forecast(fworld["ana"], q, probability=bad, now=at(-5))
        assert exc.value.field == "probability"
    with pytest.raises(InvalidInput):
        services.make_forecast(fworld["ana"], q, quantiles=[[0.1, 1], [0.5, 2], [0.9, 3]], now=at(-5))
    assert services.make_forecast(fworld["ana"], q, probability="70%", now=at(-5)).probability == pytest.approx(0.7)


def test_numeric_quantiles_must_be_ordered(fworld, make_question):
    q = make_question(kind="numeric")
    with pytest.raises(InvalidInput) as exc:
        services.make_forecast(fworld["ana"], q, quantiles="0.1: 0.5, 0.5: 0.4, 0.9: 0.6", now=at(-5))
    assert exc.value.field == "quantiles"
    with pytest.raises(InvalidInput):
        services.make_forecast(fworld["ana"], q, quantiles=[[0.1, 0.2], [0.9, 0.7]], now=at(-5))
    f = services.make_forecast(fworld["ana"], q, quantiles="5%: 0.4, 50%: 0.6, 95%: 0.8", now=at(-5))
    assert f.quantiles == [[0.05, 0.4], [0.5, 0.6], [0.95, 0.8]]


def test_organisation_forecasts_need_an_admin(fworld, make_question):
    q = make_question()
    with pytest.raises(PermissionDenied):
        services.make_forecast(fworld["member"], q, probability=0.5, as_org=fworld["dev"], now=at(-5))
    f = services.make_forecast(fworld["admin"], q, probability=0.5, as_org=fworld["dev"], now=at(-5))
    assert f.forecaster == "org:acme" and f.user is None and f.made_by == fworld["admin"]


def test_illegal_transitions_raise_the_named_error(fworld, make_question):
    q = make_question()
    with pytest.raises(IllegalTransition):
        services.open_question(fworld["admin"], q)
    with pytest.raises(IllegalTransition):
        services.reverse(fworld["coordinator"], q, "nothing to reverse")
    services.close_question(fworld["admin"], q, now=at(-3))
    with pytest.raises(IllegalTransition):
        services.close_question(fworld["admin"], q, now=at(-3))
    with pytest.raises(InvalidInput):
        services.make_forecast(fworld["ana"], q, probability=0.5, now=at(-2))


def test_manual_resolution_annulment_and_reversal_are_coordinators_and_ledgered(fworld, make_question):
    from redline.ledger.models import LedgerEntry

    q = make_question()
    services.make_forecast(fworld["ana"], q, probability=0.3, now=at(-5))
    with pytest.raises(PermissionDenied):
        services.resolve_manually(fworld["admin"], q, "yes", "I say so")
    with pytest.raises(InvalidInput):
        services.resolve_manually(fworld["coordinator"], q, "yes", "  ")
    services.resolve_manually(fworld["coordinator"], q, "no", "the lab withdrew the model", now=at(-4))
    assert q.state == "resolved" and q.resolution["manual"] and q.scores.get().brier == pytest.approx(0.09)
    with pytest.raises(InvalidInput):
        services.reverse(fworld["coordinator"], q, "")
    services.reverse(fworld["coordinator"], q, "resolved on a misreading")
    assert q.state == "closed" and not q.scores.exists()
    services.annul(fworld["coordinator"], q, "ill_posed", "the task was renamed")
    assert q.state == "annulled" and q.annul_reason == "ill_posed"
    events = list(q.events.values_list("event", flat=True))
    assert events == ["open", "resolve", "reverse", "annul"]
    assert LedgerEntry.objects.filter(object_type="forecasts.questionevent").count() == 4


def test_question_input_is_checked(fworld):
    base = {"title": "T", "criteria": "C", "kind": "binary", "task": "t", "metric": "m", "model": fworld["model"],
            "opens_at": at(0), "closes_at": at(1), "resolve_by": at(2), "threshold": 0.5}
    with pytest.raises(InvalidInput) as exc:
        services.create_question(fworld["ana"], **{**base, "threshold": None})
    assert exc.value.field == "threshold"
    with pytest.raises(InvalidInput) as exc:
        services.create_question(fworld["ana"], **{**base, "closes_at": at(-1)})
    assert exc.value.field == "closes_at"
    with pytest.raises(InvalidInput) as exc:
        services.create_question(fworld["ana"], **{**base, "visibility": "org"})
    assert exc.value.field == "organisation"
    with pytest.raises(InvalidInput) as exc:
        services.create_question(fworld["ana"], **{**base, "visibility": "org", "organisation": fworld["dev"],
                                                   "public_after": at(3)})
    assert exc.value.field == "organisation"


def test_handles_never_show_the_email(fworld):
    assert services.handle_for(fworld["outsider"]) == "forecaster"
    assert "@" not in services.handle_for(fworld["ana"])
    with pytest.raises(InvalidInput):
        services.set_handle(fworld["ben"], "ana")
    with pytest.raises(InvalidInput):
        services.set_handle(fworld["ben"], "Bad Handle!")
    assert services.set_handle(fworld["ben"], "benji").handle == "benji"
