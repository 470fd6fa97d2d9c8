"""The GSN argument as data: elements, modules and a case made of modules (GSN Community Standard v3).

An :class:`Element` holds exactly what gsn2x's YAML says about it (``text``,
``supportedBy``, ``inContextOf``, ``undeveloped``, ``url``, ``nodeType``,
``challenges``, ``defeated``, ``defeatedRelation``, ``acp``) plus ``extra``: every
other key, in file order, kept untouched so that it is written back (layout hints such
as ``horizontalIndex`` and ``rankIncrement``, ``charWrap``, ``classes``, layers). A
:class:`Module` is one file: its ``module:`` block (``name``, ``brief``, ``uses``,
``extends``, other keys kept) and the order of its elements. A :class:`Case` is one
or more modules read together; element IDs are unique across them (gsn2x's C07), so
the case keeps the first of a repeated ID and records the repeat in ``duplicates``.

Everything here is frozen; edit with :func:`dataclasses.replace` and build a new case
with :func:`redline.core.gsn.reader.build_case`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class NodeType(enum.Enum):
    """The eight element types; values are gsn2x's ``nodeType`` spellings."""

    GOAL = "Goal"
    STRATEGY = "Strategy"
    SOLUTION = "Solution"
    CONTEXT = "Context"
    ASSUMPTION = "Assumption"
    JUSTIFICATION = "Justification"
    COUNTER_GOAL = "CounterGoal"
    COUNTER_SOLUTION = "CounterSolution"

    @property
    def is_counter(self) -> bool:
        return self in (NodeType.COUNTER_GOAL, NodeType.COUNTER_SOLUTION)


#: ID prefixes, longest first where one is a prefix of another (CG before G, CSn and Sn before S and C).
PREFIXES: tuple[tuple[str, NodeType], ...] = (
    ("CG", NodeType.COUNTER_GOAL),
    ("G", NodeType.GOAL),
    ("CSn", NodeType.COUNTER_SOLUTION),
    ("Sn", NodeType.SOLUTION),
    ("S", NodeType.STRATEGY),
    ("C", NodeType.CONTEXT),
    ("A", NodeType.ASSUMPTION),
    ("J", NodeType.JUSTIFICATION),
)

#: Types that may appear under ``supportedBy`` / ``inContextOf`` of a Goal or Strategy
#: (a CounterGoal may be supported by counter elements only; nothing else has either list).
SUPPORTERS = frozenset(
    {NodeType.GOAL, NodeType.STRATEGY, NodeType.SOLUTION, NodeType.COUNTER_GOAL, NodeType.COUNTER_SOLUTION}
)
COUNTER_SUPPORTERS = frozenset({NodeType.COUNTER_GOAL, NodeType.COUNTER_SOLUTION})
CONTEXTS = frozenset({NodeType.CONTEXT, NodeType.ASSUMPTION, NodeType.JUSTIFICATION})


def type_from_id(element_id: str) -> NodeType | None:
    """The type an ID's prefix names, as gsn2x reads it (``Sn1`` is a Solution, ``S1`` a Strategy)."""
    for prefix, node_type in PREFIXES:
        if element_id.startswith(prefix):
            return node_type
    return None


@dataclass(frozen=True)
class Challenge:
    """What a counter element ``challenges``: one element, or the relation ``target -> other``."""

    target: str
    other: str | None = None

    @classmethod
    def parse(cls, text: str) -> Challenge:
        """``"G2"`` or ``"G2 -> CG1"`` (gsn2x splits at the first ``->`` and trims both ends)."""
        left, arrow, right = text.partition("->")
        if arrow:
            return cls(left.strip(), right.strip())
        return cls(text)

    @property
    def is_relation(self) -> bool:
        return self.other is not None

    def __str__(self) -> str:
        return self.target if self.other is None else f"{self.target} -> {self.other}"


@dataclass(frozen=True)
class Element:
    """One GSN element as written in its module's file."""

    id: str
    module: str
    text: str | None = None
    node_type: NodeType | None = None  # the explicit ``nodeType``; see :attr:`type`
    supported_by: tuple[str, ...] = ()
    in_context_of: tuple[str, ...] = ()
    undeveloped: bool = False
    url: str | None = None
    challenges: Challenge | None = None
    defeated: bool = False
    defeated_relation: tuple[str, ...] = ()
    acp: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def type(self) -> NodeType | None:
        """The explicit ``nodeType`` when given, else the type of the ID's prefix (None: unknown, V01)."""
        return self.node_type if self.node_type is not None else type_from_id(self.id)

    @property
    def is_counter(self) -> bool:
        return self.type is not None and self.type.is_counter


@dataclass(frozen=True)
class Extension:
    """One entry of ``module.extends``: local elements that develop undeveloped elements of another module."""

    module: str
    develops: Mapping[str, tuple[str, ...]]  # foreign element id -> local element ids
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Module:
    """One file of a case: its ``module:`` block and the IDs of its elements in file order."""

    name: str  # the declared ``module.name``, else the source as given (as gsn2x names it)
    source: str  # the file path as given, or the label the caller chose
    declared: bool = False  # whether the file has a ``module:`` block
    brief: str | None = None
    uses: tuple[str, ...] = ()
    extends: tuple[Extension, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    element_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """An element ID met again in a later module (gsn2x's C07); the case keeps the first."""

    id: str
    module: str  # where it was met again
    first_module: str


@dataclass(frozen=True)
class Case:
    """A GSN argument made of one or more modules."""

    modules: tuple[Module, ...]
    elements: Mapping[str, Element]  # every element by ID, in module then file order
    duplicates: tuple[Duplicate, ...] = ()

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements.values())

    def __len__(self) -> int:
        return len(self.elements)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self.elements

    def get(self, element_id: str) -> Element | None:
        return self.elements.get(element_id)

    def module(self, name: str) -> Module | None:
        """The first module with this name (names are unique in a valid case, C06)."""
        return next((m for m in self.modules if m.name == name), None)

    def of_type(self, *types: NodeType) -> list[Element]:
        """The elements of these types, in case order."""
        return [e for e in self if e.type in types]

    def solutions(self) -> list[Element]:
        """Every Solution (the places evidence binds), in case order."""
        return self.of_type(NodeType.SOLUTION)
