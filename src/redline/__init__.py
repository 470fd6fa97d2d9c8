"""redline: managing the misuse risk of dual-use AI foundation models.

The pure library lives in :mod:`redline.core` (state machines, verdicts, format
readers) and :mod:`redline.risk` (the Monte Carlo risk engine); neither imports
Django. The Django project (``redline.web`` and one app per bounded context)
and the ``redline`` CLI are thin layers over them.
"""

__version__ = "0.1.0"
