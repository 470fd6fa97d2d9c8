"""JSON helpers shared by the evidence readers (file reading is :mod:`redline.core.files`)."""

from __future__ import annotations

import json
from typing import Any

from redline.core.errors import ImportFailed
from redline.core.files import digest_file, read_bytes, reading, sha256_of  # noqa: F401 - the readers' one import


def load_json(name: str, data: bytes) -> Any:
    """Parse ``data`` as JSON, or ImportFailed naming the file and position."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailed(name, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(name, f"invalid or truncated JSON ({exc.msg} at line {exc.lineno})") from None


def load_jsonl(name: str, data: bytes) -> list[dict[str, Any]]:
    """Parse JSON Lines; every non-blank line must be an object."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(name, "not UTF-8 text") from None
    rows: list[dict[str, Any]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailed(name, f"line {lineno} is not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ImportFailed(name, f"line {lineno} is not a JSON object")
        rows.append(row)
    return rows


def as_float(value: Any) -> float | None:
    """A finite float, or ``None`` for "N/A", null, NaN or anything non-numeric."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if out == out and out not in (float("inf"), float("-inf")) else None
