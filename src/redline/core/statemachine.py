"""A tiny, generic, table-driven state machine.

States and events are enums; the legal moves are one ``{(state, event): new_state}``
table.  Every lifecycle in redline (report management, embargo, dispute,
publication) is an instance of :class:`StateMachine`, so the rules live in data
that docs and tests can read, not in scattered ``if`` chains.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from redline.core.errors import IllegalTransition

S = TypeVar("S", bound=Enum)
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class StateMachine(Generic[S, E]):
    """A named transition table with an initial state.

    ``apply`` is the only way to move; a pair missing from ``transitions`` raises
    :class:`~redline.core.errors.IllegalTransition`.
    """

    name: str
    initial: S
    transitions: Mapping[tuple[S, E], S]
    terminal: frozenset[S] = field(default_factory=frozenset)
    #: Why an event is refused, in words (``"a report can be closed only once …"``); the refusal reads
    #: ``"<reason> (it is <state>)"``.  Events without a reason keep the terse machine message.
    reasons: Mapping[E, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for (state, _event), target in self.transitions.items():
            if state in self.terminal:
                raise ValueError(f"{self.name}: terminal state {state.value!r} has an outgoing transition")
            if type(target) is not type(self.initial):
                raise ValueError(f"{self.name}: target {target!r} is not a {type(self.initial).__name__}")

    def apply(self, state: S, event: E) -> S:
        """Return the state reached from ``state`` by ``event``, or raise IllegalTransition."""
        try:
            return self.transitions[(state, event)]
        except KeyError:
            raise IllegalTransition(self.name, _label(state), _label(event),
                                    self.explain(state, event)) from None

    def explain(self, state: S, event: E) -> str | None:
        """The sentence a refusal of ``event`` in ``state`` reads, or None when the table has no reason."""
        reason = self.reasons.get(event)
        if reason is None:
            return None
        return f"{reason} (it is {_label(state).replace('_', ' ')})"

    def can(self, state: S, event: E) -> bool:
        """True when ``event`` is legal in ``state``."""
        return (state, event) in self.transitions

    def events_from(self, state: S) -> list[E]:
        """The events legal in ``state``, in table order (for building buttons and API hints)."""
        return [event for (source, event) in self.transitions if source == state]

    def run(self, events: list[E], state: S | None = None) -> S:
        """Apply ``events`` in order from ``state`` (default: the initial state)."""
        current = self.initial if state is None else state
        for event in events:
            current = self.apply(current, event)
        return current

    def rows(self) -> Iterator[tuple[str, str, str]]:
        """The table as ``(from, event, to)`` value triples, for documentation."""
        for (state, event), target in self.transitions.items():
            yield _label(state), _label(event), _label(target)

    def reachable(self) -> set[S]:
        """Every state reachable from the initial state."""
        seen = {self.initial}
        frontier = [self.initial]
        while frontier:
            state = frontier.pop()
            for (source, _event), target in self.transitions.items():
                if source == state and target not in seen:
                    seen.add(target)
                    frontier.append(target)
        return seen

    def markdown_table(self) -> str:
        """The transition table as a Markdown table (used by docs/disclosure.md)."""
        lines = ["| from | event | to |", "|---|---|---|"]
        lines += [f"| {a} | {e} | {b} |" for a, e, b in self.rows()]
        return "\n".join(lines)


def _label(member: Enum) -> str:
    return str(member.value)
