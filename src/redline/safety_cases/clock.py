"""The refresh clock: evidence passes its valid-until date with no event to announce it.

:func:`refresh_cases_task` refreshes every case and enqueues itself again
``REDLINE_CLOCK_INTERVAL`` seconds later, like the disclosure clock; saving a new case starts
the chain when none is pending (``signals.py``), and ``redline safety-case refresh`` runs one
pass by hand.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

TASK_PATH = "redline.safety_cases.clock.refresh_cases_task"


@task()
def refresh_cases_task() -> int:
    """Refresh every case's recorded status, then schedule the next pass; returns how many changed."""
    from redline.disclosure.tasks import interval
    from redline.ledger.services import acting_as
    from redline.safety_cases.services import refresh_all

    try:
        with acting_as("system"):
            return refresh_all()
    finally:
        refresh_cases_task.using(run_after=timezone.now() + interval()).enqueue()


def ensure_refresh_scheduled() -> bool:
    """Start the refresh chain when no pass is pending; True when one was enqueued."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return False
    from django.conf import settings

    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if "django_tasks_db" not in backend:
        return False  # the immediate backend would run the chain for ever
    if DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        return False
    from redline.disclosure.tasks import interval

    refresh_cases_task.using(run_after=timezone.now() + interval()).enqueue()
    return True
