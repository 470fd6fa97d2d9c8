"""The ``redline`` command line: a thin layer over the library and the Django services.

Every command prints one friendly line and exits non-zero on error; ``--debug``
shows the traceback. Sub-command groups live in their own modules and are
registered in :mod:`redline.cli.main`.
"""

from redline.cli.main import app, main

__all__ = ["app", "main"]
