"""Gate requirements that higher apps register, so the gate can ask for them without importing them.

A provider is ``provider(model, now) -> list[RequirementGateInput]``: each item is already
judged for every mode it concerns (:class:`redline.core.gate.RequirementGateInput`), with
``details`` for the JSON of the gate. The ``safety_cases`` app registers one in its
``AppConfig.ready`` (a commitment that requires an assessed safety case).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from redline.core.gate import RequirementGateInput


@dataclass(frozen=True)
class Requirement:
    """What a provider answers: the gate input and the JSON-ready details behind it."""

    gate_input: RequirementGateInput
    details: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any, dt.datetime], list[Requirement]]
_PROVIDERS: dict[str, Provider] = {}


def register_requirement(name: str, provider: Provider) -> None:
    """Register (or replace) the provider called ``name``."""
    _PROVIDERS[name] = provider


def gather_requirements(model, now: dt.datetime) -> list[Requirement]:
    """Every registered provider's requirements for ``model``, in registration order."""
    out: list[Requirement] = []
    for provider in _PROVIDERS.values():
        out.extend(provider(model, now))
    return out
