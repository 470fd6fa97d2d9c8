"""A model's supply chain: data origins, architecture, key algorithms, stages, components, crawler, compute.

These are the registry fields issue 16 adds (:attr:`AIModel.SUPPLY_CHAIN_FIELDS`). The transparency
report, the FMTI crosswalk and the EU model documentation form read them as the facts dictionary's
``supply_chain`` key (:func:`supply_chain_facts`, the shape :mod:`redline.core.transparency.facts`
documents). :func:`clean` checks what a form, the API or the demo gives and names the bad field;
:func:`parse_rows` reads the forms' "one per line, parts split by |" text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from redline.core.errors import InvalidInput

ORIGIN_KINDS = ("web crawl", "public dataset", "licensed", "user data", "human-generated", "synthetic")
RELATIONS = ("finetune", "adapter", "merge", "quantized", "distillation")
COMPUTE_NUMBERS = ("training_flop", "energy_mwh", "training_days")
COMPUTE_TEXTS = ("hardware", "provider", "measurement", "energy_measurement")
MAX_ROWS = 200
MAX_TEXT = 20_000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _text(field: str, value: Any, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(field, "must be text")
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(field, f"longer than {limit} characters")
    return value


def _url(field: str, value: Any) -> str:
    value = _text(field, value, 2000)
    if value and not value.startswith(("https://", "http://")):
        raise InvalidInput(field, f"{value!r} is not an http(s) address")
    return value


def _rows(field: str, value: Any, keys: tuple[str, ...], required: str = "name") -> list[dict[str, str]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise InvalidInput(field, "must be a list")
    if len(value) > MAX_ROWS:
        raise InvalidInput(field, f"at most {MAX_ROWS} entries")
    out = []
    for i, row in enumerate(value):
        where = f"{field}[{i}]"
        if not isinstance(row, Mapping):
            raise InvalidInput(where, "must be an object")
        unknown = sorted(set(row) - set(keys))
        if unknown:
            raise InvalidInput(f"{where}.{unknown[0]}", f"unknown key; use {', '.join(keys)}")
        clean = {k: (_url(f"{where}.{k}", row.get(k)) if k.endswith("url") else _text(f"{where}.{k}", row.get(k), 500))
                 for k in keys}
        if not clean[required]:
            raise InvalidInput(f"{where}.{required}", "is required")
        out.append({k: v for k, v in clean.items() if v})
    return out


def _strings(field: str, value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(field, "must be a list of text")
    if len(value) > MAX_ROWS:
        raise InvalidInput(field, f"at most {MAX_ROWS} entries")
    return [_text(f"{field}[{i}]", v, 1000) for i, v in enumerate(value) if v.strip()]


def _compute(value: Any) -> dict[str, Any]:
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput("compute", "must be an object")
    unknown = sorted(set(value) - set(COMPUTE_NUMBERS) - set(COMPUTE_TEXTS))
    if unknown:
        raise InvalidInput(f"compute.{unknown[0]}", "unknown key")
    out: dict[str, Any] = {}
    for key in COMPUTE_NUMBERS:
        raw = value.get(key)
        if raw in (None, ""):
            continue
        try:
            number = float(raw)
        except (TypeError, ValueError):
            raise InvalidInput(f"compute.{key}", f"{raw!r} is not a number") from None
        if not math.isfinite(number) or number <= 0:
            raise InvalidInput(f"compute.{key}", "must be a positive number")
        # A whole number is kept as an int: PostgreSQL's jsonb gives 3e25 back as an integer, and the
        # ledger's digest must read the same value on both databases.
        out[key] = int(number) if number.is_integer() else number
    for key in COMPUTE_TEXTS:
        text = _text(f"compute.{key}", value.get(key), 2000)
        if text:
            out[key] = text
    return out


def clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The supply-chain fields among ``fields``, checked; InvalidInput names the first bad one."""
    out: dict[str, Any] = {}
    if "base_model_relation" in fields:
        relation = _text("base_model_relation", fields["base_model_relation"], 20)
        if relation and relation not in RELATIONS:
            raise InvalidInput("base_model_relation", f"choose one of {', '.join(RELATIONS)}")
        out["base_model_relation"] = relation
    if "weights_sha256" in fields:
        sha = _text("weights_sha256", fields["weights_sha256"], 64).lower()
        if sha and not _SHA256.match(sha):
            raise InvalidInput("weights_sha256", "64 hexadecimal digits")
        out["weights_sha256"] = sha
    if "data_origins" in fields:
        rows = _rows("data_origins", fields["data_origins"], ("name", "kind", "url", "size"))
        for i, row in enumerate(rows):
            if row.get("kind") and row["kind"] not in ORIGIN_KINDS:
                raise InvalidInput(f"data_origins[{i}].kind", f"choose one of {', '.join(ORIGIN_KINDS)}")
        out["data_origins"] = rows
    for key in ("architecture", "key_algorithms"):
        if key in fields:
            out[key] = _text(key, fields[key])
    for key in ("training_stages", "components"):
        if key in fields:
            out[key] = _strings(key, fields[key])
    if "third_party_components" in fields:
        out["third_party_components"] = _rows("third_party_components", fields["third_party_components"],
                                              ("name", "version", "licence", "url"))
    if "crawler" in fields:
        crawler = fields["crawler"] or {}
        if not isinstance(crawler, Mapping):
            raise InvalidInput("crawler", "must be an object")
        unknown = sorted(set(crawler) - {"name", "opt_out_url"})
        if unknown:
            raise InvalidInput(f"crawler.{unknown[0]}", "unknown key; use name, opt_out_url")
        c = {"name": _text("crawler.name", crawler.get("name"), 200),
             "opt_out_url": _url("crawler.opt_out_url", crawler.get("opt_out_url"))}
        out["crawler"] = {k: v for k, v in c.items() if v}
    if "compute" in fields:
        out["compute"] = _compute(fields["compute"])
    return out


def parse_rows(text: str, keys: tuple[str, ...], *, field: str) -> list[dict[str, str]]:
    """Form text, one entry per line with parts split by ``|`` in the order of ``keys``."""
    out = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > len(keys):
            raise InvalidInput(field, f"line {n} has more than {len(keys)} parts ({' | '.join(keys)})")
        out.append({k: v for k, v in zip(keys, parts, strict=False) if v})
    return out


def format_rows(rows: list[Mapping[str, str]], keys: tuple[str, ...]) -> str:
    """The inverse of :func:`parse_rows`, for a form's initial text."""
    lines = []
    for row in rows:
        parts = [str(row.get(k, "")) for k in keys]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def supply_chain_facts(model) -> dict[str, Any]:
    """The facts dictionary's ``supply_chain`` for ``model`` (only what is filled)."""
    data = {"data_origins": model.data_origins, "architecture": model.architecture,
            "key_algorithms": model.key_algorithms, "training_stages": model.training_stages,
            "third_party_components": model.third_party_components, "crawler": model.crawler,
            "components": model.components, "compute": model.compute}
    return {k: v for k, v in data.items() if v}


__all__ = ["ORIGIN_KINDS", "RELATIONS", "clean", "format_rows", "parse_rows", "supply_chain_facts"]
