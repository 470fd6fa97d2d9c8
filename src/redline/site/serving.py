"""What ``redline serve`` and ``redline demo`` run by default, for the commands and for the bench that
measures intake as they take it (``redline bench disclosure``'s figure for two processes at once)."""

#: gunicorn worker processes (``--workers``).
WORKERS = 2
