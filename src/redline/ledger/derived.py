"""Checks of derived fields (search text, MinHash signatures), registered by the apps that own them.

A derived field is left out of its object's digest and verified by recomputing it instead. The
recomputation lives in the app's higher modules (search, duplicates), which its models must not
import, so each app registers its checks here from ``AppConfig.ready`` and ``ledger verify`` asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: Given objects of one model, yields ``(pk, field)`` for each derived field that differs from its recomputation.
Check = Callable[[list], Iterable[tuple[object, str]]]

_CHECKS: dict[str, list[Check]] = {}


def register(object_type: str, check: Check) -> None:
    """Add ``check`` for objects of ``object_type`` (``app_label.modelname``); registering twice is harmless."""
    checks = _CHECKS.setdefault(object_type, [])
    if check not in checks:
        checks.append(check)


def mismatches(object_type: str, objects: list) -> Iterable[tuple[object, str]]:
    """Every ``(pk, field)`` the registered checks of ``object_type`` find among ``objects``."""
    for check in _CHECKS.get(object_type, ()):
        yield from check(objects)
