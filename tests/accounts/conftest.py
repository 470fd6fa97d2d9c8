import signal

import pytest


@pytest.fixture
def run_worker():
    """Run the django-tasks database worker once over every queued task (``db_worker --batch``)."""
    from django.core.management import call_command

    def run() -> None:
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    return run
