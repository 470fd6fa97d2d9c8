"""Intake is one transaction: report, links, bands, ledger entries and the vendors' notification task."""

from __future__ import annotations

import pytest
from django.db import transaction


def _counts():
    from django_tasks_db.models import DBTaskResult

    from redline.disclosure.models import DuplicateBand, Report
    from redline.ledger.models import LedgerEntry

    notify = DBTaskResult.objects.filter(task_path="redline.disclosure.tasks.notify_new_reports")
    return (Report.objects.count(), DuplicateBand.objects.count(), LedgerEntry.objects.count(), notify.count())


def test_the_notification_task_is_queued_inside_the_reports_transaction(world, submit):
    from django_tasks_db.models import DBTaskResult

    done = submit()
    task = DBTaskResult.objects.get(task_path="redline.disclosure.tasks.notify_new_reports")
    assert task.args_kwargs["args"] == [[done.report.pk]]  # queued although the test's transaction is still open


def test_a_rolled_back_submission_leaves_nothing_behind(world, submit):
    before = _counts()
    with pytest.raises(RuntimeError), transaction.atomic():
        submit()
        assert _counts() != before
        raise RuntimeError("roll back")
    assert _counts() == before


def test_the_lookups_refuse_what_they_refused_before(world, submit):
    from redline.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="unknown CUE entry CUE-9999") as err:
        submit(cue_ids=["CUE-0050", "CUE-9999"])
    assert err.value.field == "cue_ids"
    with pytest.raises(InvalidInput, match=r"version 1\.0") as err:
        submit(accepted_terms="0.9")
    assert err.value.field == "accepted_terms"
    done = submit(cue_ids=["CUE-0050", "CUE-0050"], models=["aurora/aurora-2", "forge/forge-8b"])
    assert list(done.report.cue_entries.values_list("pk", flat=True)) == ["CUE-0050"]
    assert done.report.safe_harbor == world.terms
    parts = {p.vendor.slug: p.open_weights for p in done.report.case.participants.all()}
    assert parts == {"aurora": False, "forge": True}  # forge-8b is apache-2.0


@pytest.mark.parametrize(("mode", "expected"), [("hosted_api", False), ("gated_open_weights", True)])
def test_a_model_deployed_with_open_weights_makes_the_participation_open_weights(world, submit, mode, expected):
    from redline.registry.models import Deployment

    Deployment.objects.create(model=world.model, mode=mode)
    done = submit()
    assert done.report.case.participants.get().open_weights is expected
