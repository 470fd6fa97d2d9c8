"""Who a section is for, who a viewer is, and why a section is restricted (DESIGN §1.4).

Every section has a :class:`Readership`: public by default, otherwise a set of
:class:`Audience` kinds (and, for :attr:`Audience.NAMED`, the slugs of the named
organisations). A restricted readership needs a :class:`Restriction` whose reason
comes from the fixed list :class:`RestrictionReason`, with optional free text.

A viewer is plain facts (:class:`Viewer`: signed in or not, and the kind of each
organisation they belong to). :func:`reader_for` turns those facts and the
document's owning organisation into a :class:`Reader`, and :func:`may_read` decides
whether that reader sees a section. Members of the owning organisation read every
section of their own documents; everyone else reads public sections and the ones
whose audience they belong to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from redline.core.errors import InvalidInput


class Audience(StrEnum):
    """The audiences a section may be written for (the CLI's ``--audience`` values)."""

    PUBLIC = "public"
    REGULATORS = "regulators"
    REVIEWERS = "reviewers"
    DEVELOPERS = "developers"
    NAMED = "named"
    INTERNAL = "internal"


AUDIENCE_LABELS: Mapping[Audience, str] = MappingProxyType({
    Audience.PUBLIC: "the public",
    Audience.REGULATORS: "regulators and auditors",
    Audience.REVIEWERS: "independent reviewers and safety experts",
    Audience.DEVELOPERS: "other developers",
    Audience.NAMED: "named organisations",
    Audience.INTERNAL: "own organisation only",
})

#: Organisation kinds (``accounts.OrgKind`` values) and the audience their members belong to.
#: Coordinators and adjudicators get no audience of their own: they read public sections.
KIND_AUDIENCES: Mapping[str, Audience] = MappingProxyType({
    "regulator": Audience.REGULATORS,
    "reviewer": Audience.REVIEWERS,
    "research": Audience.REVIEWERS,
    "developer": Audience.DEVELOPERS,
})


def parse_audience(text: str, *, field_name: str = "audience") -> Audience:
    """An :class:`Audience` from its value (``regulators``), case-insensitively; InvalidInput otherwise."""
    key = str(text).strip().lower()
    try:
        return Audience(key)
    except ValueError:
        choices = ", ".join(a.value for a in Audience)
        raise InvalidInput(field_name, f"unknown audience {text!r}; choose one of: {choices}") from None


@dataclass(frozen=True)
class Readership:
    """The audiences one section is for; ``organisations`` are slugs, used with :attr:`Audience.NAMED`."""

    audiences: frozenset[Audience] = frozenset({Audience.PUBLIC})
    organisations: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "audiences", frozenset(parse_audience(a) for a in self.audiences))
        object.__setattr__(self, "organisations", frozenset(s.strip() for s in self.organisations))
        if not self.audiences:
            raise InvalidInput("audiences", "a section needs at least one audience")
        if Audience.PUBLIC in self.audiences and len(self.audiences) > 1:
            raise InvalidInput("audiences", "'public' already includes every other audience; give it alone")
        if (Audience.NAMED in self.audiences) != bool(self.organisations):
            raise InvalidInput("audiences", "'named' needs the slugs of the named organisations, and only it takes them")
        if any(not s for s in self.organisations):
            raise InvalidInput("audiences", "an organisation slug is empty")

    @classmethod
    def of(cls, *audiences: Audience | str, organisations: Iterable[str] = ()) -> Readership:
        return cls(frozenset(parse_audience(a) for a in audiences), frozenset(organisations))

    @property
    def public(self) -> bool:
        return Audience.PUBLIC in self.audiences

    def label(self) -> str:
        """Readable list, in the fixed audience order: 'regulators and auditors, named organisations (aisi)'."""
        parts = []
        for audience in Audience:
            if audience in self.audiences:
                text = AUDIENCE_LABELS[audience]
                if audience is Audience.NAMED:
                    text += f" ({', '.join(sorted(self.organisations))})"
                parts.append(text)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"audiences": [a.value for a in Audience if a in self.audiences],
                "organisations": sorted(self.organisations)}


PUBLIC = Readership()


class RestrictionReason(StrEnum):
    """The fixed list of reasons a section may be withheld from the public."""

    CAPABILITY_UPLIFT = "capability_uplift"
    EXPLOIT_DETAIL = "exploit_detail"
    PERSONAL_DATA = "personal_data"
    SECURITY_OF_SYSTEMS = "security_of_systems"
    LEGAL = "legal"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class Restriction:
    """Why a section is not public: a reason from the fixed list, and optional free text shown with it."""

    reason: RestrictionReason
    detail: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "reason", RestrictionReason(self.reason))
        except ValueError:
            choices = ", ".join(r.value for r in RestrictionReason)
            raise InvalidInput("restriction", f"unknown reason {self.reason!r}; choose one of: {choices}") from None
        object.__setattr__(self, "detail", " ".join(str(self.detail).split()))
        if len(self.detail) > 300:
            raise InvalidInput("restriction", "the free text is limited to 300 characters")

    def label(self) -> str:
        return f"{self.reason.label}: {self.detail}" if self.detail else self.reason.label

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason.value, "detail": self.detail}


@dataclass(frozen=True)
class AudienceRecommendation:
    """The author's recommendation of who should receive the document, and why (MIRI's "Audience")."""

    readership: Readership
    rationale: str

    def __post_init__(self) -> None:
        if not self.rationale.strip():
            raise InvalidInput("recommendation", "say why these audiences should receive the document")

    def as_dict(self) -> dict[str, Any]:
        return {**self.readership.as_dict(), "rationale": self.rationale}


@dataclass(frozen=True)
class Viewer:
    """Plain facts about whoever is looking: anonymous, or signed in with organisation slug → kind."""

    anonymous: bool = True
    organisations: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.anonymous and self.organisations:
            raise InvalidInput("viewer", "an anonymous viewer belongs to no organisation")
        object.__setattr__(self, "organisations", MappingProxyType(dict(self.organisations)))


ANONYMOUS = Viewer()


@dataclass(frozen=True)
class Reader:
    """What a viewer may read of one document: the audiences they belong to and their organisations."""

    audiences: frozenset[Audience]
    organisations: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *audiences: Audience | str, organisations: Iterable[str] = ()) -> Reader:
        """A reader for a build such as ``--audience regulators`` (public is always included)."""
        chosen = {parse_audience(a) for a in audiences} | {Audience.PUBLIC}
        orgs = frozenset(organisations)
        if orgs:
            chosen.add(Audience.NAMED)
        return cls(frozenset(chosen), orgs)


def reader_for(viewer: Viewer, *, owner: str) -> Reader:
    """The audiences ``viewer`` belongs to for a document owned by the organisation ``owner``."""
    audiences = {Audience.PUBLIC}
    if not viewer.anonymous:
        for slug, kind in viewer.organisations.items():
            if slug == owner:
                audiences.add(Audience.INTERNAL)
            elif kind in KIND_AUDIENCES:
                audiences.add(KIND_AUDIENCES[kind])
        if any(slug != owner for slug in viewer.organisations):
            audiences.add(Audience.NAMED)
    others = frozenset(s for s in viewer.organisations if s != owner)
    return Reader(frozenset(audiences), others)


def may_read(readership: Readership, reader: Reader) -> bool:
    """True when ``reader`` sees a section with ``readership``; the owner's members see everything."""
    if readership.public or Audience.INTERNAL in reader.audiences:
        return True
    kinds = (readership.audiences - {Audience.NAMED, Audience.INTERNAL}) & reader.audiences
    named = Audience.NAMED in readership.audiences and bool(readership.organisations & reader.organisations)
    return bool(kinds) or named


__all__ = [
    "ANONYMOUS",
    "AUDIENCE_LABELS",
    "KIND_AUDIENCES",
    "PUBLIC",
    "Audience",
    "AudienceRecommendation",
    "Reader",
    "Readership",
    "Restriction",
    "RestrictionReason",
    "Viewer",
    "may_read",
    "parse_audience",
    "reader_for",
]
