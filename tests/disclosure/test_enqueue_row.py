"""The intake's plain-INSERT task row is the row django-tasks-db's own enqueue stores."""

import pytest
from django.forms.models import model_to_dict
from django_tasks_db.models import DBTaskResult

from redline.disclosure.tasks import enqueue_in_transaction, notify_new_reports, queued_in_database

pytestmark = pytest.mark.django_db


def _fields(row: DBTaskResult) -> dict:
    return {k: v for k, v in model_to_dict(row).items() if k not in {"id", "enqueued_at"}}


def test_same_row_as_the_backends_enqueue():
    assert queued_in_database()
    theirs = notify_new_reports.enqueue([3, 5])
    enqueue_in_transaction(notify_new_reports, [3, 5])
    a, b = DBTaskResult.objects.order_by("enqueued_at")
    assert str(a.id).replace("-", "") == str(theirs.id).replace("-", "")
    assert _fields(a) == _fields(b)
    assert b.args_kwargs == {"args": [[3, 5]], "kwargs": {}} and b.status == "READY"
    assert b.enqueued_at is not None and a.id != b.id
    # the worker's own query finds both, in enqueue order
    assert [r.pk for r in DBTaskResult.objects.ready()] == [a.pk, b.pk]
    assert b.task_result.task.func is notify_new_reports.func
