"""The queues' next deadlines come from SQL: constant queries whatever the number of cases, and the
SQL expressions agree with the core's rules they restate."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from redline.disclosure import due

pytestmark = pytest.mark.django_db

TWO = ["aurora/aurora-2", "forge/forge-8b"]


def _cases(submit, n: int, start: int = 0) -> None:
    now = timezone.now()
    for i in range(start, start + n):
        submit(title=f"Queue case {i}", description=f"Prompt family {i} makes the model leak its system prompt "
               f"number {i} verbatim.", models=TWO, severity=("low", "medium", "high", "critical")[i % 4],
               now=now - timedelta(hours=i))


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["triager", "coordinator"])
def test_the_triage_queue_runs_the_same_queries_for_3_and_30_cases(client, world, submit, who):
    client.force_login(getattr(world, who))
    _cases(submit, 3)
    client.get("/cases/")  # warm per-session lookups
    few = _queries(lambda: client.get("/cases/"))
    assert len(client.get("/cases.json").json()["results"]) == 3
    _cases(submit, 27, start=3)
    many = _queries(lambda: client.get("/cases/"))
    assert len(client.get("/cases.json").json()["results"]) == 30
    assert many == few


def test_the_dashboard_triager_section_runs_the_same_queries_for_3_and_30_cases(world, submit):
    from redline.site.dashboard.disclosure import triager_section

    _cases(submit, 3)
    user = world.triager
    few = _queries(lambda: triager_section(user, timezone.now(), {}))
    _cases(submit, 27, start=3)
    section = {}
    many = _queries(lambda: section.update(triager_section(user, timezone.now(), {})))
    assert section["count"] == 30 and many == few
    dues = [row["next_deadline"]["at"] for row in section["queue"]]
    assert dues == sorted(dues)


def test_the_queues_cut_after_sorting_so_the_most_pressing_case_is_never_left_out(client, world, submit,
                                                                                 monkeypatch):
    """Case 3 (critical, acknowledge due in a day) is the most pressing of five, though neither the newest
    nor the oldest: with room for one row, both queues show it."""
    from redline.disclosure import views
    from redline.site.dashboard import disclosure as dashboard

    _cases(submit, 5)
    monkeypatch.setattr(views, "QUEUE_LIMIT", 1)
    monkeypatch.setattr(dashboard, "QUEUE_LIMIT", 1)
    client.force_login(world.coordinator)
    assert [r["title"] for r in client.get("/cases.json").json()["results"]] == ["Queue case 3"]
    section = dashboard.triager_section(world.triager, timezone.now(), {})
    assert [row["title"] for row in section["queue"]] == ["Queue case 3"]


def _core_next_due(report, vendors=None):
    from redline.core.disclosure import actions as core_actions
    from redline.disclosure import guide

    steps = [s for s in core_actions.next_steps(guide.situation_of(report), at=timezone.now())
             if s.due is not None and (vendors is None or s.vendor is None or s.vendor in vendors)]
    return min((s.due for s in steps), default=None)


def _sql_next_due(report, seen=Q()):
    from redline.disclosure.models import Report

    return due.or_none(Report.objects.annotate(d=due.report_next_due(seen)).get(pk=report.pk).d)


def test_the_sql_step_due_agrees_with_the_core_for_every_state_flag_and_severity(world, submit):
    from redline.disclosure.models import Case, Participant, Report

    report = submit(models=TWO).report
    parts = Participant.objects.filter(case__report=report)
    states = ("received", "valid", "accepted", "deferred", "invalid", "closed")
    for severity, state, flags, csam in itertools.product(("critical", "high", "medium", "low"), states,
                                                          ("", "V", "VF", "VFD"), (False, True)):
        parts.filter(vendor=world.aurora).update(severity=severity, state=state, flags=flags)
        parts.filter(vendor=world.forge).update(severity="low", state="closed", flags="V")
        Report.objects.filter(pk=report.pk).update(csam_path=csam)
        fresh = Report.objects.select_related("case", "advisory").get(pk=report.pk)
        assert _sql_next_due(fresh) == _core_next_due(fresh), (severity, state, flags, csam)
    now = timezone.now().replace(microsecond=0)
    parts.update(state="closed")
    for embargo, ends, proposed in itertools.product(("none", "proposed", "active", "revise", "exited"),
                                                     (None, now + timedelta(days=9)), (None, now + timedelta(days=4))):
        Case.objects.filter(report=report).update(embargo_state=embargo, embargo_ends_at=ends,
                                                  embargo_proposed_end=proposed,
                                                  embargo_starts_at=now - timedelta(days=1))
        fresh = Report.objects.select_related("case", "advisory").get(pk=report.pk)
        assert _sql_next_due(fresh) == _core_next_due(fresh), (embargo, ends, proposed)


def test_a_vendor_counts_only_its_own_deadlines(world, submit):
    from redline.accounts import policy
    from redline.disclosure.models import Participant, Report

    report = submit(models=TWO).report
    Participant.objects.filter(case__report=report, vendor=world.forge).update(severity="critical")
    Participant.objects.filter(case__report=report, vendor=world.aurora).update(severity="low")
    fresh = Report.objects.select_related("case", "advisory").get(pk=report.pk)
    mine = _sql_next_due(fresh, policy.participants_visible_filter(world.triager))
    assert mine == _core_next_due(fresh, {"aurora"}) != _core_next_due(fresh)


def test_the_sql_owed_due_agrees_with_the_dashboard_rule(world, submit):
    from redline.disclosure.models import Participant
    from redline.site.dashboard.disclosure import next_deadline

    report = submit().report
    part = Participant.objects.filter(case__report=report)
    now = timezone.now()
    for severity, state, ack, tri, fix in itertools.product(
            ("critical", "high", "medium", "low"), ("received", "valid", "accepted", "deferred", "closed"),
            (None, now), (None, now), (None, now)):
        part.update(severity=severity, state=state, acknowledged_at=ack, triaged_at=tri, fix_ready_at=fix)
        p = part.select_related("vendor").annotate(d=due.owed_due()).get()
        rule = next_deadline(p, now)
        assert (due.or_none(p.d).isoformat() if due.or_none(p.d) else None) == (rule and rule["at"]), \
            (severity, state, ack, tri, fix)
