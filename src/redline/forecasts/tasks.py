"""The forecast clock on the background worker: close questions at their close date, annul overdue ones.

:func:`forecast_clock_task` runs :func:`redline.forecasts.resolution.run_clock` and enqueues itself
again ``REDLINE_CLOCK_INTERVAL`` seconds later (the disclosure clock's interval, default 300), so one
pending task is always waiting. Opening a question starts the chain when none is pending
(:func:`ensure_clock_scheduled_soon`); ``redline forecast clock`` runs one pass by hand.
"""

from __future__ import annotations

import time

from django.utils import timezone
from django_tasks import task

TASK_PATH = "redline.forecasts.tasks.forecast_clock_task"


@task()
def forecast_clock_task() -> dict:
    """One pass of the clock, then the next one scheduled."""
    from redline.forecasts.resolution import run_clock
    from redline.ledger.services import acting_as

    try:
        with acting_as("clock"):
            return run_clock()
    finally:
        schedule_next()


def schedule_next() -> None:
    from redline.disclosure.tasks import interval

    forecast_clock_task.using(run_after=timezone.now() + interval()).enqueue()


def _pending() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: nothing to look at
        return False
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()


def ensure_clock_scheduled() -> bool:
    """Start the clock chain when no pass is pending; True when one was enqueued."""
    if _pending():
        return False
    schedule_next()
    return True


_LAST = {"at": 0.0}


def ensure_clock_scheduled_soon() -> None:
    """:func:`ensure_clock_scheduled`, at most once a minute per process."""
    if time.monotonic() - _LAST["at"] < 60:
        return
    _LAST["at"] = time.monotonic()
    ensure_clock_scheduled()
