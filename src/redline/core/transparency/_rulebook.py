"""The crosswalk's rule registry and the helpers its rules share (see :mod:`.crosswalk`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from redline.core.transparency import _text as t
from redline.core.transparency.facts import as_datetime


@dataclass(frozen=True)
class Fill:
    """A disclosure built from records: its text and the pages it rests on."""

    disclosure: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    number: int
    indicator: str
    reads: tuple[str, ...]
    needs: str
    fill: Callable[[Mapping[str, Any]], Fill | None]
    origin: str = "records"


RULES: dict[int, Rule] = {}
ORIGINS = ("records", "documents", "supply_chain")


def rule(number: int, name: str, *, reads: tuple[str, ...], needs: str, origin: str = "records"):
    # The name is checked against the indicators file by tests, not here: importing reads no file.
    def register(fn: Callable[[Mapping[str, Any]], Fill | None]) -> Callable[[Mapping[str, Any]], Fill | None]:
        if number in RULES or origin not in ORIGINS:
            raise ValueError(f"indicator {number}: a second rule, or an unknown origin {origin!r}")
        RULES[number] = Rule(number, name, reads, needs, fn, origin)
        return fn

    return register


def org_slug(f) -> str:
    return str(f["organisation"].get("slug", ""))


def model_label(f) -> str:
    m = f["model"]
    return " ".join(p for p in (m.get("name", "The model"), m.get("version", "")) if p) or "The model"


def is_external(f, record) -> bool:
    ran_by = record.get("ran_by") or ""
    return bool(ran_by) and ran_by != org_slug(f)


_KIND_NAMES = {"research": "research group", "regulator": "government body", "developer": "other developer",
               "reviewer": "independent reviewer", "coordinator": "coordinator", "adjudicator": "adjudicator"}


def by_kind(records) -> str:
    kinds = Counter(r.get("ran_by_kind") or "unknown" for r in records)
    return t.listing([t.count(n, _KIND_NAMES.get(k, k)) for k, n in sorted(kinds.items())])


def has_intake(f) -> bool:
    return bool(f.get("intake_form") and f.get("intake_url") and f["deadline_clocks"])


def clocks_text(f) -> str:
    def days(n: float) -> str:
        return f"{n:g} day" if n == 1 else f"{n:g} days"

    parts = []
    for severity, c in f["deadline_clocks"].items():
        parts.append(f"{severity}: acknowledged within {days(c['acknowledge_days'])}, triaged within "
                     f"{days(c['triage_days'])}, fix targeted within {days(c['fix_days'])}")
    return "; ".join(parts)


def embargo_text(f) -> str:
    e = f["embargo"]
    if not e:
        return ""
    return (f"Details stay under embargo for at most {e['default_days']} days, {e['after_fix_days']} days once a "
            f"fix is ready and {e['in_the_wild_days']} days once misuse is seen in the wild, then are published.")


def card_section(f, key: str) -> Fill | None:
    """The public body of section ``key`` of the latest released governance card, as a fill."""
    cards = [d for d in f["documents"] if d.get("kind") == "governance_card" and d.get("released")]
    cards.sort(key=lambda d: as_datetime(d.get("released_at")) or as_datetime("1970-01-01"))
    for card in reversed(cards):
        for section in card.get("sections") or []:
            if section.get("key") == key and section.get("public") and str(section.get("body", "")).strip():
                return Fill(str(section["body"]).strip(), t.urls(card))
    return None


_PIPELINE_MODALITIES = {"text-generation": ("text", "text"), "text2text-generation": ("text", "text"),
                        "text-to-image": ("text", "image"), "image-to-text": ("image", "text"),
                        "image-text-to-text": ("text and images", "text"), "text-to-speech": ("text", "audio"),
                        "automatic-speech-recognition": ("audio", "text"), "text-to-video": ("text", "video")}


def modalities(f) -> tuple[str, str] | None:
    """(input, output) modalities from the card's pipeline tag, or from a registry modality of text."""
    tag = f["model_card"].get("pipeline_tag")
    if tag in _PIPELINE_MODALITIES:
        return _PIPELINE_MODALITIES[tag]
    if f["model"].get("modality") in ("text", "code"):
        return (f["model"]["modality"], f["model"]["modality"])
    return None


def active_channels(f, modes: tuple[str, ...], pick=lambda channel: True) -> tuple[list[str], list[Mapping[str, Any]]]:
    """Distinct channels of active deployments in ``modes`` that ``pick`` accepts, and those deployments."""
    seen: list[str] = []
    used: list[Mapping[str, Any]] = []
    for d in t.active(f["deployments"]):
        if d.get("mode") not in modes:
            continue
        for channel in d.get("channels") or []:
            if pick(channel) and channel not in seen:
                seen.append(channel)
                if d not in used:
                    used.append(d)
    return seen, used


def not_api(channel: str) -> bool:
    return "api" not in channel.lower().split()
