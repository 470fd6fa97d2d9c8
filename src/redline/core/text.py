"""Checks on text at every boundary: no NUL characters or NaN coming in, no unsafe link going out.

PostgreSQL cannot store a NUL character in a text column and neither database stores NaN or
infinity in a JSON column, so such values are refused where they enter, with the field named:
``InvalidInput("affected_systems.0.vendor", "must not contain NUL characters")``. Paths join
mapping keys and list indices with dots. :func:`is_link_safe` says whether a URL may be rendered as a
link (http, https and mailto only).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from redline.core.errors import InvalidInput

__all__ = ["LINK_SCHEMES", "NUL_MESSAGE", "find_non_finite", "find_nul", "is_link_safe", "refuse_bad_values",
           "refuse_nul"]

NUL_MESSAGE = "must not contain NUL characters"
NON_FINITE_MESSAGE = "must be a finite number (NaN and infinity are not accepted)"


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _walk(value: Any, path: str, bad) -> str | None:
    todo: list[tuple[Any, str]] = [(value, path)]
    while todo:
        item, where = todo.pop()
        if bad(item):
            return where
        if isinstance(item, Mapping):
            for key, sub in item.items():
                if isinstance(key, str) and bad(key):
                    return _join(where, key)
                todo.append((sub, _join(where, key)))
        elif isinstance(item, (list, tuple)):
            todo.extend((sub, _join(where, i)) for i, sub in enumerate(item))
    return None


def find_nul(value: Any, path: str = "") -> str | None:
    """The path of the first string (or mapping key) in ``value`` holding a NUL, or None."""
    return _walk(value, path, lambda v: isinstance(v, str) and "\x00" in v)


def find_non_finite(value: Any, path: str = "") -> str | None:
    """The path of the first NaN or infinite float in ``value``, or None."""
    return _walk(value, path, lambda v: isinstance(v, float) and not math.isfinite(v))


def refuse_nul(field: str, value: Any) -> None:
    """InvalidInput naming ``field`` (and the path inside it) when ``value`` holds a NUL anywhere."""
    where = find_nul(value, field)
    if where is not None:
        raise InvalidInput(where or field, NUL_MESSAGE)


def refuse_bad_values(field: str, value: Any) -> None:
    """:func:`refuse_nul`, and InvalidInput for NaN or infinity anywhere in ``value``."""
    if isinstance(value, str) or value is None or type(value) in (bool, int):  # the common case, without a walk
        if isinstance(value, str) and "\x00" in value:
            raise InvalidInput(field, NUL_MESSAGE)
        return
    refuse_nul(field, value)
    where = find_non_finite(value, field)
    if where is not None:
        raise InvalidInput(where or field, NON_FINITE_MESSAGE)


#: The only URL schemes rendered as links (a ``javascript:`` or ``data:`` reference shows as text).
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def is_link_safe(url: object) -> bool:
    """True for an http(s) or mailto URL, or a relative one; False for every other scheme.

    Browsers ignore surrounding spaces and tabs or newlines inside a scheme (``java\\tscript:``),
    so those are removed before the scheme is read.
    """
    if not isinstance(url, str) or not url.strip():
        return False
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(cleaned)
    if match is None:
        return not cleaned.startswith(("\\\\", "/\\"))
    return match.group(1).lower() in LINK_SCHEMES
