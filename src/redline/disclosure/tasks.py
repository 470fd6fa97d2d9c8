"""Background tasks: the deadline clock, run by ``redline serve``'s database-backed worker.

:func:`check_deadlines_task` runs the check and then enqueues itself again
``REDLINE_CLOCK_INTERVAL`` seconds later (default 300), so one pending task is
always waiting.  Submitting a report calls :func:`ensure_clock_scheduled`,
which starts the chain when none is pending; ``redline clocks run`` runs one
check by hand (or from cron) and ``redline clocks schedule`` starts the chain.
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

TASK_PATH = "redline.disclosure.tasks.check_deadlines_task"


def interval() -> timedelta:
    return timedelta(seconds=int(os.environ.get("REDLINE_CLOCK_INTERVAL", "300")))


@task()
def notify_new_reports(report_ids: list[int]) -> int:
    """E-mail and webhook each vendor named by newly submitted reports; returns how many were told."""
    from redline.disclosure.notify import report_received

    return report_received(report_ids)


@task()
def notify_vendor_added(report_id: int, vendor_id: int) -> int:
    """E-mail and webhook a vendor a coordinator added to a case."""
    from redline.disclosure.notify import vendor_added

    return vendor_added(report_id, vendor_id)


@task()
def check_deadlines_task() -> int:
    """Escalate missed deadlines, then schedule the next check; returns how many were escalated."""
    from redline.disclosure.clocks import check_deadlines

    try:
        return len(check_deadlines())
    finally:
        schedule_next()


def queued_in_database() -> bool:
    """True when tasks are rows of this database (django-tasks-db), so a task queued inside a
    transaction is stored, or dropped, with it."""
    return type(notify_new_reports.get_backend()).__module__.startswith("django_tasks_db")


def enqueue_in_transaction(task, *args) -> None:
    """Queue ``task(*args)`` as a row of the caller's transaction, written as one plain INSERT.

    What django-tasks-db's ``enqueue`` stores (the same fields, and the same ``task_enqueued``
    signal), without its ORM ``create``, which cost a new report more CPU (0.75 ms on the 2-core
    machine) than its ledger entries' hashing; ``tests/disclosure/test_enqueue_row.py`` compares the two
    rows. Only for the database backend (:func:`queued_in_database`).
    """
    from django_tasks.signals import task_enqueued
    from django_tasks.utils import normalize_json
    from django_tasks_db.models import DBTaskResult, get_date_max

    from redline.ledger import rows

    backend = task.get_backend()
    backend.validate_task(task)
    row = DBTaskResult(id=backend._get_id(), args_kwargs=normalize_json({"args": list(args), "kwargs": {}}),
                       priority=task.priority, task_path=task.module_path, queue_name=task.queue_name,
                       run_after=task.run_after if task.run_after is not None else get_date_max(),
                       backend_name=backend.alias)
    rows.insert([row])
    if task_enqueued.has_listeners(type(backend)):
        task_enqueued.send(type(backend), task_result=row.task_result)


def _pending() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: nothing to look at
        return False
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()


def schedule_next() -> None:
    check_deadlines_task.using(run_after=timezone.now() + interval()).enqueue()


_LAST_CHECK = {"at": 0.0}


def ensure_clock_scheduled_soon() -> None:
    """:func:`ensure_clock_scheduled`, at most once a minute per process (intake calls it on every report)."""
    import time

    if time.monotonic() - _LAST_CHECK["at"] < 60:
        return
    _LAST_CHECK["at"] = time.monotonic()
    ensure_clock_scheduled()


def ensure_clock_scheduled() -> bool:
    """Start the clock chain when no check is pending; True when one was enqueued."""
    if _pending():
        return False
    schedule_next()
    return True
