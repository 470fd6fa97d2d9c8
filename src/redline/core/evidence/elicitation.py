"""How hard an evaluation tried to draw out a capability, and an ordered scale to compare it.

A negative result is only as good as the elicitation behind it (DESIGN §1.1), so every
evaluation carries an :class:`Elicitation` record and a red line sets a minimum
:class:`ElicitationLevel`. The scale, weakest first:

- ``none``: no deliberate elicitation; the default prompt of the benchmark.
- ``basic``: prompt engineering only (system prompt, few-shot, chain of thought).
- ``moderate``: scaffolding or tools (agent loop, code execution, retrieval), or
  several attempts per task.
- ``strong``: fine-tuning or helpful-only / safeguards-off access, with a red team
  that spends real effort (tens of hours).
- ``expert``: strong elicitation by an independent expert red team with substantial
  effort (≥ 100 hours), matching what a well-resourced threat actor could apply.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from redline.core.errors import InvalidInput


class ElicitationLevel(enum.Enum):
    """Ordered elicitation levels; compare with ``<``, ``>=`` etc."""

    NONE = "none"
    BASIC = "basic"
    MODERATE = "moderate"
    STRONG = "strong"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        """0 for ``none`` up to 4 for ``expert``."""
        return _ORDER.index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ElicitationLevel):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, ElicitationLevel):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, ElicitationLevel):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, ElicitationLevel):
            return NotImplemented
        return self.rank >= other.rank

    @classmethod
    def parse(cls, value: str | ElicitationLevel) -> ElicitationLevel:
        """The level named ``value`` (case-insensitive), or InvalidInput naming the allowed values."""
        if isinstance(value, ElicitationLevel):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(level.value for level in _ORDER)
            raise InvalidInput(f"elicitation level {value!r} is not one of: {allowed}") from None


_ORDER = list(ElicitationLevel)


def meets(level: ElicitationLevel | None, minimum: ElicitationLevel | None) -> bool:
    """True when ``level`` reaches ``minimum``; an unknown level meets only a minimum of ``none``."""
    if minimum is None or minimum is ElicitationLevel.NONE:
        return True
    return level is not None and level >= minimum


@dataclass(frozen=True)
class Elicitation:
    """The elicitation record kept with an evaluation (NIST AI 800-1 practice 4.1).

    ``level`` is the assessed level; when it is absent :meth:`assessed_level` infers a
    conservative one from the other fields.
    """

    level: ElicitationLevel | None = None
    prompting: str | None = None
    scaffolding: str | None = None
    tools: tuple[str, ...] = ()
    fine_tuning: bool = False
    helpful_only: bool = False
    safeguards_off: bool = False
    attempts: int | None = None
    effort_hours: float | None = None
    red_team_independence: str | None = None  # e.g. "internal", "contracted", "independent"
    threat_actor_estimate: ElicitationLevel | None = None

    def assessed_level(self) -> ElicitationLevel:
        """``level`` when set, else the weakest level the recorded effort clearly reaches."""
        if self.level is not None:
            return self.level
        hours = self.effort_hours or 0.0
        strong_access = self.fine_tuning or (self.helpful_only and self.safeguards_off)
        if strong_access and hours >= 100 and self.red_team_independence == "independent":
            return ElicitationLevel.EXPERT
        if strong_access and hours >= 10:
            return ElicitationLevel.STRONG
        if self.scaffolding or self.tools or (self.attempts or 0) > 1:
            return ElicitationLevel.MODERATE
        if self.prompting:
            return ElicitationLevel.BASIC
        return ElicitationLevel.NONE

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (enums as their values, tools as a list)."""
        out = asdict(self)
        out["level"] = self.level.value if self.level else None
        out["threat_actor_estimate"] = (
            self.threat_actor_estimate.value if self.threat_actor_estimate else None
        )
        out["tools"] = list(self.tools)
        return out

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Elicitation:
        """Build from a dict such as an evaluation's metadata; unknown keys are ignored."""
        if not isinstance(data, Mapping):
            raise InvalidInput(f"elicitation must be an object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        for key in ("level", "threat_actor_estimate"):
            if kwargs.get(key) is not None:
                kwargs[key] = ElicitationLevel.parse(kwargs[key])
        tools = kwargs.get("tools")
        if tools is None:
            kwargs["tools"] = ()
        elif isinstance(tools, str):
            kwargs["tools"] = (tools,)
        else:
            kwargs["tools"] = tuple(str(t) for t in tools)
        for key in ("fine_tuning", "helpful_only", "safeguards_off"):
            if key in kwargs:
                kwargs[key] = bool(kwargs[key])
        try:
            if kwargs.get("attempts") is not None:
                kwargs["attempts"] = int(kwargs["attempts"])
            if kwargs.get("effort_hours") is not None:
                kwargs["effort_hours"] = float(kwargs["effort_hours"])
        except (TypeError, ValueError) as exc:
            raise InvalidInput("elicitation", f"attempts and effort_hours must be numbers ({exc})") from None
        return cls(**kwargs)
