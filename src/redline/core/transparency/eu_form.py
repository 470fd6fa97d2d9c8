"""The EU GPAI Code of Practice Model Documentation Form (Transparency chapter, July 2025), generated.

The item list ships as data (``redline/data/eu-gpai-model-documentation-form.yaml``)
with its source and, per item, the recipients — AI Office, national competent
authorities, downstream providers — and whether those were verified against the form
(the file's header says exactly what is still to be checked). :func:`load_form`
reads it; :func:`generate_form` fills each item from the facts (:mod:`.facts`):

* from the organisation's own entry, ``facts["eu_form"][item_id]``, when it made one
  (the provider answers for the form, so its words win);
* otherwise from records where redline keeps the information (``FILLS`` below);
* otherwise the item is returned with ``empty: True``, so pages show it as missing.

``generate_form(facts, recipient="downstream_providers")`` keeps only the items for
that recipient — the version handed to downstream providers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from redline.core.errors import InvalidInput
from redline.core.transparency import _text as t
from redline.core.transparency._data import read_package_yaml
from redline.core.transparency.crosswalk import modalities
from redline.core.transparency.facts import Facts, check_facts

RECIPIENTS = ("ai_office", "national_competent_authorities", "downstream_providers")
DATA_FILE = "eu-gpai-model-documentation-form.yaml"


@dataclass(frozen=True)
class FormItem:
    id: str
    number: str
    section: str
    name: str
    recipients: tuple[str, ...]
    verified: bool
    guidance: str = ""
    recommended_length: str | None = None


@dataclass(frozen=True)
class Form:
    source: str
    published: str
    url: str
    items: tuple[FormItem, ...]


def parse_form(data: Any, *, source: str = DATA_FILE) -> Form:
    """Validate the form's data (as loaded from YAML); InvalidInput names the bad item and field."""
    if not isinstance(data, Mapping) or not isinstance(data.get("items"), list):
        raise InvalidInput(source, "expected a mapping with a list of items")
    items, seen = [], set()
    for i, raw in enumerate(data["items"]):
        where = f"{source}: items[{i}]"
        if not isinstance(raw, Mapping):
            raise InvalidInput(where, "expected a mapping")
        for key in ("id", "number", "section", "name"):
            if not str(raw.get(key) or "").strip():
                raise InvalidInput(f"{where}.{key}: missing")
        if raw["id"] in seen:
            raise InvalidInput(f"{where}.id: {raw['id']!r} is used twice")
        seen.add(raw["id"])
        recipients = raw.get("recipients") or []
        bad = [r for r in recipients if r not in RECIPIENTS]
        if not recipients or bad:
            raise InvalidInput(f"{where}.recipients: choose from {', '.join(RECIPIENTS)}")
        if not isinstance(raw.get("verified"), bool):
            raise InvalidInput(f"{where}.verified: true or false")
        items.append(FormItem(str(raw["id"]), str(raw["number"]), str(raw["section"]), str(raw["name"]),
                              tuple(r for r in RECIPIENTS if r in recipients), raw["verified"],
                              str(raw.get("guidance") or ""), raw.get("recommended_length")))
    return Form(str(data.get("source", "")), str(data.get("published", "")), str(data.get("url", "")), tuple(items))


@lru_cache(maxsize=1)
def load_form() -> Form:
    """The shipped item list."""
    return parse_form(read_package_yaml(DATA_FILE))


# --- fills from records -----------------------------------------------------------------------------

def _model_name(f):
    m = f["model"]
    return " ".join(p for p in (m.get("name"), m.get("version")) if p) or None


def _authenticity(f):
    """Service endpoints (channels given as URLs) and the weights' digest; the card's digest is not evidence."""
    endpoints = [c for d in t.active(f["deployments"]) for c in d.get("channels") or [] if str(c).startswith("http")]
    sha = f["model"].get("weights_sha256")
    parts = ([f"service endpoints: {t.listing(endpoints)}"] if endpoints else []) + (
        [f"SHA-256 of the released weights: {sha}"] if sha else [])
    return "; ".join(parts) or None


def _release(f):
    if f["model"].get("release_date"):
        return t.day(f["model"]["release_date"])
    first = t.first_public_release(f["deployments"])
    return first.date().isoformat() if first else None


def _dependencies(f):
    base = f["model"].get("base_model") or f["model_card"].get("base_model")
    if not base:
        return None
    return t.listing(base if isinstance(base, list) else [base])


def _modality(which: int) -> Callable[[Mapping[str, Any]], str | None]:
    def fill(f):
        mods = modalities(f)
        return mods[which] if mods else None
    return fill


def _size(f):
    n = f["model"].get("parameter_count")
    return f"{t.sig(n)} parameters" if n else None


_RANGES = ((5e8, "1-500M"), (5e9, "500M-5B"), (1.5e10, "5-15B"), (5e10, "15-50B"), (1e11, "50-100B"),
           (5e11, "100-500B"), (1e12, "500B-1T"))


def _range(f):
    n = f["model"].get("parameter_count")
    if not n:
        return None
    return next((label for limit, label in _RANGES if n <= limit), "over 1T")


def _channels(f):
    rows = [f"{t.mode_label(d['mode'])}: {t.listing(d.get('channels') or [])}" for d in t.active(f["deployments"])
            if d.get("mode") != "internal"]
    return "; ".join(rows) or None


def _licence(f):
    return f["model"].get("licence") or None


def _intended_uses(f):
    s = f["scope"]
    if not s.get("intended_use"):
        return None
    limits = f" Restricted or prohibited: {s['stated_limits'].strip()}" if s.get("stated_limits") else ""
    return f"{s['intended_use'].strip()}{limits}"


def _technical_means(f):
    rows = [f"{t.mode_label(d['mode'])} via {t.listing(d['channels'])}" for d in t.active(f["deployments"])
            if d.get("mode") != "internal" and d.get("channels")]
    return "; ".join(rows) or None


def _supply(key: str) -> Callable[[Mapping[str, Any]], str | None]:
    def fill(f):
        value = f["supply_chain"].get(key)
        if isinstance(value, (list, tuple)):
            return t.listing([str(v) for v in value]) or None
        return str(value) if value else None
    return fill


def _compute(key: str, fmt: Callable[[Any], str] = str) -> Callable[[Mapping[str, Any]], str | None]:
    def fill(f):
        value = (f["supply_chain"].get("compute") or {}).get(key)
        return fmt(value) if value else None
    return fill


def _provenance(f):
    rows = f["supply_chain"].get("data_origins") or []
    kinds = sorted({o.get("kind") for o in rows if o.get("kind")})
    return t.listing(kinds) or None


#: Item id → how to fill it from the facts; items not listed are the organisation's own entries.
FILLS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    "provider_name": lambda f: f["organisation"].get("name") or None,
    "model_name": _model_name,
    "model_authenticity": _authenticity,
    "release_date": _release,
    "model_dependencies": _dependencies,
    "architecture": _supply("architecture"),
    "input_modalities": _modality(0),
    "output_modalities": _modality(1),
    "total_model_size": _size,
    "parameter_range": _range,
    "distribution_channels": _channels,
    "licence": _licence,
    "intended_uses": _intended_uses,
    "technical_means": _technical_means,
    "training_design": _supply("training_stages"),
    "data_provenance": _provenance,
    "training_time": _compute("training_days", lambda d: f"{d:g} days (wall clock)"),
    "training_compute": _compute("training_flop", lambda n: f"{t.sig(n)} FLOPs"),
    "training_compute_method": _compute("measurement"),
    "training_energy": _compute("energy_mwh", lambda e: f"{t.sig(e)} MWh"),
    "training_energy_method": _compute("energy_measurement"),
}


@dataclass(frozen=True)
class FilledItem:
    item: FormItem
    value: str
    origin: str  # "records", "manual" or "" when empty

    @property
    def empty(self) -> bool:
        return not self.value

    def as_dict(self) -> dict[str, Any]:
        i = self.item
        return {"id": i.id, "number": i.number, "section": i.section, "name": i.name,
                "recipients": list(i.recipients), "recipients_verified": i.verified, "guidance": i.guidance,
                "recommended_length": i.recommended_length, "value": self.value, "origin": self.origin,
                "empty": self.empty}


def generate_form(facts: Facts, *, recipient: str | None = None, form: Form | None = None) -> list[FilledItem]:
    """Every item (or those for ``recipient``), filled from the organisation's entries, then from records."""
    if recipient is not None and recipient not in RECIPIENTS:
        raise InvalidInput("recipient", f"choose one of {', '.join(RECIPIENTS)}")
    facts = check_facts(facts)
    form = form or load_form()
    manual = facts["eu_form"]
    unknown = sorted(set(manual) - {i.id for i in form.items})
    if unknown:
        raise InvalidInput("facts.eu_form", f"no form item {unknown[0]!r}")
    out = []
    for item in form.items:
        if recipient is not None and recipient not in item.recipients:
            continue
        value = FILLS[item.id](facts) if item.id in FILLS else None
        if str(manual.get(item.id) or "").strip():
            out.append(FilledItem(item, str(manual[item.id]).strip(), "manual"))
        elif value:
            out.append(FilledItem(item, str(value), "records"))
        else:
            out.append(FilledItem(item, "", ""))
    return out


__all__ = ["FILLS", "RECIPIENTS", "FilledItem", "Form", "FormItem", "generate_form", "load_form", "parse_form"]
