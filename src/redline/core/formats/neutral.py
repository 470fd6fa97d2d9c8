"""Format-neutral report and advisory dataclasses that every reader produces and every writer takes.

A :class:`NeutralReport` is what an importer understood of a file (FLARE-AI,
AVID, …), including fields that must stay restricted; nothing from the source
is lost (``original`` keeps the whole document, ``unknown_fields`` what no
field took).  A :class:`PublishedAdvisory` is the redacted public view made by
:func:`make_advisory`; writers accept only advisories, so a restricted field
cannot reach an export by construction.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from redline.core.disclosure.publication import parse_public_id
from redline.core.errors import ImportFailed, InvalidInput, PermissionDenied
from redline.core.files import reading


class ReportKind(StrEnum):
    """The five report kinds of DESIGN.md §3.3."""

    VULNERABILITY = "vulnerability"
    MISUSE = "misuse"
    HAZARD = "hazard"
    INCIDENT = "incident"
    MEASUREMENT = "measurement"


class DisclosureIntent(StrEnum):
    """FLARE-AI's public-disclosure intent values."""

    YES = "yes"
    NO = "no"
    UNDECIDED = "undecided"
    ALREADY = "already"


@dataclass(frozen=True)
class AffectedSystem:
    """One affected AI system: who makes it, which model, which version (all optional but one)."""

    vendor: str | None = None
    model: str | None = None
    version: str | None = None
    artifact_type: str | None = None

    @property
    def product(self) -> str:
        """The best name for the product: the model, else the vendor's name."""
        return self.model or self.vendor or "unknown"


@dataclass(frozen=True)
class Reference:
    """A link with an optional label and type (``source``, ``model``, ``documentation``, …)."""

    url: str
    label: str | None = None
    type: str | None = None

    @property
    def is_absolute(self) -> bool:
        """True for an http(s) URL; some AVID reports carry relative image paths, which exports drop."""
        return self.url.startswith(("https://", "http://"))


@dataclass(frozen=True)
class VendorEntry:
    """One vendor's line on a multi-vendor advisory: its name, status and statement."""

    vendor: str
    status: str
    """affected, not affected, fix ready, fix deployed or no response."""
    statement: str | None = None


@dataclass(frozen=True)
class ReleaseNote:
    """Why the advisory could be published when it was, and the publication date agreed on the case."""

    basis: str
    agreed_date: date | None = None
    """The embargo's end as agreed on the case: one publication date for every vendor."""
    early_reason: str | None = None
    """A coordinator's written reason for ending the embargo before that date."""


@dataclass(frozen=True)
class NeutralReport:
    """A report as read from any format.

    ``restricted`` holds fields that never leave the platform (reporter contact,
    proof of concept, …); ``classifications`` holds taxonomy codes keyed by
    scheme (``avid.sep_view``, ``cwe``, ``cvss.vector`` …).
    """

    kind: ReportKind
    title: str
    description: str
    expected_behaviour: str | None = None
    actual_behaviour: str | None = None
    policy_violated: str | None = None
    policy_urls: tuple[str, ...] = ()
    reproduction: str | None = None
    affected: tuple[AffectedSystem, ...] = ()
    severity: str | None = None
    prevalence: str | None = None
    harm_types: tuple[str, ...] = ()
    affected_stakeholders: tuple[str, ...] = ()
    cue_ids: tuple[str, ...] = ()
    disclosure_intent: DisclosureIntent | None = None
    credits: tuple[str, ...] = ()
    reported_at: datetime | date | None = None
    references: tuple[Reference, ...] = ()
    classifications: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    real_world_harm: bool = False
    malicious_use: bool = False
    csam_involved: bool = False
    restricted: Mapping[str, Any] = field(default_factory=dict)
    source_format: str = "redline"
    source_id: str | None = None
    original: Mapping[str, Any] = field(default_factory=dict)
    unknown_fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishedAdvisory:
    """The redacted public record of a published report; the only input writers accept.

    ``withheld`` lists ``(field, reason)`` pairs shown as "[withheld: reason]";
    ``aliases`` are IDs of the same flaw elsewhere (e.g. an AVID report ID).
    """

    public_id: str
    published: date
    kind: ReportKind
    title: str
    description: str
    affected: tuple[AffectedSystem, ...]
    expected_behaviour: str | None = None
    actual_behaviour: str | None = None
    severity: str | None = None
    prevalence: str | None = None
    harm_types: tuple[str, ...] = ()
    affected_stakeholders: tuple[str, ...] = ()
    cue_ids: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    classifications: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    withheld: tuple[tuple[str, str], ...] = ()
    modified: date | None = None
    vendors: tuple[VendorEntry, ...] = ()
    release: ReleaseNote | None = None

    def __post_init__(self) -> None:
        parse_public_id(self.public_id)
        if not self.title.strip() or not self.description.strip():
            raise InvalidInput(self.public_id, "title and description must not be empty")


#: Fields of a report that :func:`make_advisory` never copies, with the reason shown to the public.
ALWAYS_WITHHELD: dict[str, str] = {
    "reproduction": "reproduction steps are shared with affected vendors only",
    "restricted": "reporter contact and sensitive evidence are never published",
}


def make_advisory(report: NeutralReport, public_id: str, published: date, *,
                  withhold: Mapping[str, str] | None = None, modified: date | None = None,
                  vendors: tuple[VendorEntry, ...] = (), release: ReleaseNote | None = None) -> PublishedAdvisory:
    """Build the public view of ``report``; ``withhold`` maps extra field names to the reason.

    ``vendors`` and ``release`` come from the case (each vendor's status and statement, and why it
    could be published now).

    A report involving child sexual abuse material is never published.
    """
    if report.csam_involved:
        raise PermissionDenied(f"{public_id}: reports involving CSAM are routed to coordinators and never published")
    extra = dict(withhold or {})
    allowed = {"expected_behaviour", "actual_behaviour", "severity", "prevalence", "harm_types",
               "affected_stakeholders", "credits", "references", "classifications"}
    for name in extra:
        if name not in allowed:
            raise InvalidInput("withhold", f"{name!r} is not a field that can be withheld")

    def keep(name: str) -> Any:
        return None if name in extra else getattr(report, name)

    aliases = (report.source_id,) if report.source_id and report.source_id != public_id else ()
    withheld = tuple(sorted({**ALWAYS_WITHHELD, **extra}.items()))
    return PublishedAdvisory(
        public_id=public_id, published=published, kind=report.kind, title=report.title,
        description=report.description, affected=report.affected,
        expected_behaviour=keep("expected_behaviour"), actual_behaviour=keep("actual_behaviour"),
        severity=keep("severity"), prevalence=keep("prevalence"),
        harm_types=keep("harm_types") or (), affected_stakeholders=keep("affected_stakeholders") or (),
        cue_ids=report.cue_ids, credits=keep("credits") or (), references=keep("references") or (),
        classifications=keep("classifications") or {}, aliases=aliases, withheld=withheld, modified=modified,
        vendors=tuple(vendors), release=release,
    )


def parse_date(value: Any, *, where: str) -> datetime | date | None:
    """An ISO date or date-time (``Z`` allowed) from a source file; ImportFailed names ``where``."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ImportFailed(where, f"expected an ISO date, got {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ImportFailed(where, f"{value!r} is not an ISO date") from None


def load_document(data: bytes | str | Mapping[str, Any], *, source: str) -> dict[str, Any]:
    """A JSON object from bytes, text or an already-parsed mapping; ImportFailed names ``source``."""
    if isinstance(data, Mapping):
        return dict(data)
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(source, f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise ImportFailed(source, f"expected a JSON object, got {type(doc).__name__}")
    return doc


def to_jsonable(value: Any) -> Any:
    """A dataclass tree as plain JSON data: enums by value, dates in ISO form, tuples as lists."""
    import dataclasses
    from enum import Enum

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def advisory_from_dict(data: Mapping[str, Any], *, source: str = "<advisory>") -> PublishedAdvisory:
    """Inverse of ``to_jsonable(advisory)``; InvalidInput names the field that does not fit."""
    try:
        return PublishedAdvisory(
            public_id=data["public_id"],
            published=date.fromisoformat(data["published"]),
            kind=ReportKind(data["kind"]),
            title=data["title"],
            description=data["description"],
            affected=tuple(AffectedSystem(**a) for a in data.get("affected", ())),
            expected_behaviour=data.get("expected_behaviour"),
            actual_behaviour=data.get("actual_behaviour"),
            severity=data.get("severity"),
            prevalence=data.get("prevalence"),
            harm_types=tuple(data.get("harm_types", ())),
            affected_stakeholders=tuple(data.get("affected_stakeholders", ())),
            cue_ids=tuple(data.get("cue_ids", ())),
            credits=tuple(data.get("credits", ())),
            references=tuple(Reference(**r) for r in data.get("references", ())),
            classifications={k: tuple(v) for k, v in data.get("classifications", {}).items()},
            aliases=tuple(data.get("aliases", ())),
            withheld=tuple((f, r) for f, r in data.get("withheld", ())),
            modified=date.fromisoformat(data["modified"]) if data.get("modified") else None,
            vendors=tuple(VendorEntry(**v) for v in data.get("vendors", ())),
            release=_release_from(data.get("release")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(source, f"advisory: {exc!r}") from None


def _release_from(data: Mapping[str, Any] | None) -> ReleaseNote | None:
    if not data:
        return None
    agreed = data.get("agreed_date")
    return ReleaseNote(basis=data["basis"], agreed_date=date.fromisoformat(agreed) if agreed else None,
                       early_reason=data.get("early_reason"))


def read_path(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file to import; ImportFailed names the file when it cannot be read."""
    p = Path(path)
    with reading(p):
        return p.read_bytes()
