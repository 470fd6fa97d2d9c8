"""Checks of derived fields, which verify recomputes instead of digesting (search text, duplicate signatures).

The ledger knows none of the models that hold them, so the owning app registers a check in its
``AppConfig.ready``; :func:`redline.ledger.services.verify` calls it with the rows of that type it
loaded. A check returns ``(pk, what)`` for each derived value that differs from its recomputation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Check = Callable[[list], Iterable[tuple[object, str]]]

_checks: dict[str, Check] = {}


def register(object_type: str, check: Check) -> None:
    """Say how to recompute the derived fields of ``object_type`` (``app_label.model``)."""
    _checks[object_type] = check


def check_for(object_type: str) -> Check | None:
    return _checks.get(object_type)
