"""Calendar quarters in UTC, response-time statistics, and comparing two reports."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from redline.core.disclosure.clocks import Deadline, ParticipantClock, Severity
from redline.core.documents import (
    Quarter,
    ResponseSample,
    clock_samples,
    compare_reports,
    parse_quarter,
    quarter_of,
    response_stats,
)
from redline.core.errors import InvalidInput

T0 = datetime(2026, 7, 1, tzinfo=UTC)


def test_parse_quarter_gives_a_half_open_utc_interval():
    q = parse_quarter("2026-Q3")
    assert (q.start, q.end) == (T0, datetime(2026, 10, 1, tzinfo=UTC))
    assert str(q) == "2026-Q3" and parse_quarter(" 2026-q4 ").end == datetime(2027, 1, 1, tzinfo=UTC)
    assert q.contains(T0) and not q.contains(q.end) and q.contains(q.end - timedelta(microseconds=1))
    assert q.previous() == Quarter(2026, 2) and Quarter(2026, 1).previous() == Quarter(2025, 4)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026Q3", "Q3-2026", "", "2026-Q3x", "0001-Q1"])
def test_bad_periods_name_the_field(text):
    with pytest.raises(InvalidInput, match=r"^period: "):
        parse_quarter(text)
    with pytest.raises(InvalidInput, match=r"^--period: "):
        parse_quarter(text, field="--period")


def test_quarter_boundaries_are_in_utc():
    late_in_new_york = datetime(2026, 9, 30, 21, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert quarter_of(late_in_new_york) == Quarter(2026, 4)
    assert parse_quarter("2026-Q4").contains(late_in_new_york)
    with pytest.raises(InvalidInput, match="timezone"):
        parse_quarter("2026-Q3").contains(datetime(2026, 7, 2))


def test_response_stats_median_p90_and_missed():
    day = timedelta(days=1)
    samples = [ResponseSample(T0, T0 + timedelta(hours=h), day) for h in (1, 2, 3, 4, 5, 6, 7, 8, 9, 30)]
    samples.append(ResponseSample(T0, None, day))                       # overdue, unanswered
    samples.append(ResponseSample(T0 + 2 * day, None, day))            # not yet due
    stats = response_stats(samples, now=T0 + 2 * day + timedelta(hours=1))
    assert (stats.count, stats.answered, stats.pending) == (12, 10, 2)
    assert stats.median_hours == 5.5
    assert stats.p90_hours == pytest.approx(11.1)   # numpy.percentile([...], 90) == 11.1
    assert stats.missed == 2                        # the 30-hour answer and the overdue one


def test_response_stats_of_nothing_and_of_one():
    empty = response_stats([], now=T0)
    assert empty.as_dict() == {"count": 0, "answered": 0, "median_hours": None, "p90_hours": None, "missed": 0,
                               "pending": 0}
    one = response_stats([ResponseSample(T0, T0 + timedelta(hours=3), timedelta(hours=2))], now=T0)
    assert (one.median_hours, one.p90_hours, one.missed) == (3.0, 3.0, 1)


def test_clock_samples_use_redlines_targets():
    clocks = [
        ParticipantClock("acme", Severity.CRITICAL, T0, acknowledged_at=T0 + timedelta(hours=30)),
        ParticipantClock("acme", Severity.LOW, T0, acknowledged_at=T0 + timedelta(days=3), needs_fix=False),
    ]
    ack = clock_samples(clocks, Deadline.ACKNOWLEDGE)
    assert [s.allowed for s in ack] == [timedelta(days=1), timedelta(days=10)]
    assert response_stats(ack, now=T0 + timedelta(days=5)).missed == 1
    assert len(clock_samples(clocks, Deadline.FIX)) == 1
    with pytest.raises(InvalidInput, match="not embargo_end"):
        clock_samples(clocks, Deadline.EMBARGO_END)


def test_compare_reports_says_what_changed():
    old = {"sections": {"incidents": {"metrics": {"reports": 4, "missed": 1}, "items": ["INC-1"], "text": "a"},
                        "drills": {"metrics": {"held": 1}}}}
    new = {"sections": {"incidents": {"metrics": {"reports": 6, "missed": 1}, "items": ["INC-1", "INC-2"],
                                      "text": "b"},
                        "forecasts": {"metrics": {"brier": 0.2}}}}
    changes = [(c.section, c.what, c.old, c.new) for c in compare_reports(old, new)]
    assert changes == [
        ("incidents", "metric reports", 4, 6),
        ("incidents", "items added", None, ["INC-2"]),
        ("incidents", "text changed", "a", "b"),
        ("drills", "section removed", True, None),
        ("forecasts", "section added", None, True),
    ]
    assert compare_reports(old, old) == []
