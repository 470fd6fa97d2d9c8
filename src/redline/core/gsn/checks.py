"""gsn2x's checks, with its codes and levels: V01–V13 on each module, C01–C16 on the whole case.

:func:`check` returns a :class:`CheckResult`: every :class:`Diagnostic` names its code,
level, element (or None when it is about the case) and module (the module's ``name``,
or the file path as given when the file declares none; None when it is about the case).

The rules and levels follow gsn2x's own validation (``src/gsn/validation.rs``,
``src/gsn/check.rs``) and its ``checks.md``; :data:`CODES` is the table docs show.
V08 is reported only with ``extended_check=True`` and V11 only with
``warn_dialectic=True``, as gsn2x's ``--extended-check`` and ``--warn-dialectic``.

Like gsn2x, checking runs in stages and stops after a stage that found an error, so a
later check never reports noise caused by an earlier problem:

1. reading the modules together: C06 (stop), C07;
2. each module: V01–V13;
3. module extensions: C09, C10;
4. references: C03, C11, C12–C16;
5. the root: C01, C02;
6. C04 ``supportedBy`` cycles, then C08 unreachable elements.

Two small departures, both in what is reported rather than what is accepted: stage 2
validates every module (gsn2x stops at the first module with an error), and C08 is one
diagnostic per unreachable element rather than one listing them all.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from redline.core.gsn.graph import Structure, extension_problems, structure
from redline.core.gsn.model import (
    CONTEXTS,
    COUNTER_SUPPORTERS,
    SUPPORTERS,
    Case,
    Element,
    Module,
    NodeType,
    type_from_id,
)


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CodeInfo:
    """One row of the checks table: the code, its level(s), what it means, and the option it needs."""

    code: str
    levels: tuple[Level, ...]
    meaning: str
    option: str | None = None


_E, _W = (Level.ERROR,), (Level.WARNING,)

#: Every gsn2x check code, with the level gsn2x reports it at.
CODES: dict[str, CodeInfo] = {
    c.code: c
    for c in (
        CodeInfo("V01", _E, "The element's type is unknown: its ID has no known prefix and it has no nodeType."),
        CodeInfo("V02", _W, "A Goal or Strategy has no supporting element and is not marked undeveloped."),
        CodeInfo("V03", _E, "An element marked undeveloped has supporting elements."),
        CodeInfo("V04", _E, "A supportedBy or inContextOf reference has a type that cannot stand there."),
        CodeInfo("V05", _W, "A supportedBy or inContextOf list names the same element twice."),
        CodeInfo("V06", _E, "An element references itself in supportedBy or inContextOf."),
        CodeInfo("V07", _E, "An element named to develop another module's element is not a local Goal, Strategy or Solution."),
        CodeInfo("V08", _W, "The ID's prefix contradicts the explicit nodeType.", "extended_check"),
        CodeInfo("V09", _E, "An assurance claim point names neither the element nor one it is linked to."),
        CodeInfo("V10", _E, "An element is marked defeated, but nothing challenges it."),
        CodeInfo("V11", _W, "The dialectic extension (CounterGoal, CounterSolution) is used.", "warn_dialectic"),
        CodeInfo("V12", _E, "An element that is not a CounterGoal or CounterSolution challenges something."),
        CodeInfo("V13", _E, "A relation is marked defeated, but the element has no such relation."),
        CodeInfo("C01", (Level.ERROR, Level.WARNING),
                 "There must be one unreferenced (top-level) element: none is an error, several a warning."),
        CodeInfo("C02", _E, "The top-level element is not a Goal."),
        CodeInfo("C03", _E, "A supportedBy or inContextOf reference does not exist."),
        CodeInfo("C04", _E, "The supportedBy links form a cycle."),
        CodeInfo("C06", _E, "Two modules have the same name."),
        CodeInfo("C07", _E, "Two modules define the same element ID."),
        CodeInfo("C08", _E, "An element cannot be reached from the top-level element."),
        CodeInfo("C09", _E, "An extended module does not exist."),
        CodeInfo("C10", _E, "An extended element does not exist in the named module or is not undeveloped."),
        CodeInfo("C11", _W, "An unresolved reference contains a comma: a list written as one string?"),
        CodeInfo("C12", _E, "A challenged relation names an element that does not exist."),
        CodeInfo("C13", _E, "An element challenges itself."),
        CodeInfo("C14", _E, "A challenged element does not exist."),
        CodeInfo("C15", _E, "A challenged relation has the same element at both ends."),
        CodeInfo("C16", _E, "A challenged relation joins two elements that have no relation."),
    )
}


@dataclass(frozen=True)
class Diagnostic:
    """One finding: its code, level, element (or None), module (or None) and a message."""

    level: Level
    code: str
    node: str | None
    module: str | None
    message: str

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def as_dict(self) -> dict[str, Any]:
        return {"level": self.level.value, "code": self.code, "node": self.node, "module": self.module,
                "message": self.message}

    def __str__(self) -> str:
        """gsn2x's line format: ``Error: (module) (V02): message``."""
        where = f"({self.module}) " if self.module is not None else ""
        return f"{self.level.value.capitalize()}: {where}({self.code}): {self.message}"


@dataclass(frozen=True)
class CheckResult:
    """All diagnostics of one case, and how many elements it has."""

    diagnostics: tuple[Diagnostic, ...]
    nodes: int

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed), as gsn2x exits 0."""
        return not self.errors

    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]

    def for_node(self, element_id: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.node == element_id]

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``redline safety-case check --json``."""
        return {"valid": self.valid, "nodes": self.nodes, "diagnostics": [d.as_dict() for d in self.diagnostics]}


class _Report:
    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, code: str, node: str | None, module: str | None, message: str, level: Level | None = None) -> None:
        self.items.append(Diagnostic(level or CODES[code].levels[0], code, node, module, message))

    def errors_since(self, start: int) -> bool:
        return any(d.is_error for d in self.items[start:])


# --- stage 1: reading the modules together -------------------------------------------

def _read_checks(case: Case, out: _Report) -> bool:
    first: dict[str, Module] = {}
    for module in case.modules:
        if module.name in first:
            out.add("C06", None, module.name,
                    f"module {module.name} in {module.source} was already read from {first[module.name].source}")
            return False
        first[module.name] = module
    for dup in case.duplicates:
        out.add("C07", dup.id, dup.module, f"element {dup.id} was already defined in module {dup.first_module}")
    return True


# --- stage 2: each module --------------------------------------------------------------

def _references(out: _Report, case: Case, element: Element, refs: Iterable[str], what: str,
                valid: frozenset[NodeType]) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref == element.id:
            out.add("V06", element.id, element.module, f"element {element.id} references itself in {what}")
        if ref in seen:
            out.add("V05", element.id, element.module, f"element {element.id} lists {ref} twice in {what}")
        seen.add(ref)
        target = case.get(ref)
        if not valid or (target is not None and target.type not in valid):
            kind = target.type.value if target is not None and target.type is not None else "element"
            holder = element.type.value if element.type is not None else "element"
            out.add("V04", element.id, element.module,
                    f"{holder} {element.id} cannot have {kind} {ref} in {what}")


def _element_checks(case: Case, element: Element, out: _Report, extended_check: bool,
                    challenged: set[str]) -> None:
    eid, mod, kind = element.id, element.module, element.type
    if kind is None:
        out.add("V01", eid, mod, f"element {eid} is of unknown type: its ID starts with none of "
                "G, S, Sn, C, A, J, CG, CSn and it has no nodeType")
    if extended_check and element.node_type is not None:
        by_id = type_from_id(eid)
        if by_id is not None and by_id is not element.node_type:
            out.add("V08", eid, mod, f"element {eid} has type {element.node_type.value}, "
                    f"but its ID indicates type {by_id.value}")
    goal_like = kind in (NodeType.GOAL, NodeType.STRATEGY)
    if element.in_context_of:
        _references(out, case, element, element.in_context_of, "inContextOf",
                    CONTEXTS if goal_like else frozenset())
    if element.supported_by:
        valid = SUPPORTERS if goal_like else COUNTER_SUPPORTERS if kind is NodeType.COUNTER_GOAL else frozenset()
        _references(out, case, element, element.supported_by, "supportedBy", valid)
        if element.undeveloped:
            out.add("V03", eid, mod, f"element {eid} is marked undeveloped but has supporting elements")
    elif goal_like and not element.undeveloped:
        out.add("V02", eid, mod, f"{kind.value} {eid} is undeveloped: it has no supportedBy "
                "and is not marked undeveloped: true")
    if element.challenges is not None and not element.is_counter:
        out.add("V12", eid, mod, f"element {eid} is not a CounterGoal nor a CounterSolution, "
                f"but challenges {element.challenges}")
    linked = {eid} | {r for r in (*element.supported_by, *element.in_context_of) if r in case}
    for point, refs in element.acp.items():
        for ref in refs:
            if ref not in linked:
                out.add("V09", eid, mod, f"element {eid} has an assurance claim point {point} that references "
                        f"{ref}, which is neither {eid} nor an element linked to it")
    if element.defeated and eid not in challenged:
        out.add("V10", eid, mod, f"element {eid} is marked defeated, but no other element challenges it")
    for rel in element.defeated_relation:
        by_challenge = element.challenges is not None and not element.challenges.is_relation \
            and element.challenges.target == rel
        if rel not in element.supported_by and rel not in element.in_context_of and not by_challenge:
            out.add("V13", eid, mod, f"the relation from {eid} to {rel} is marked defeated, "
                    f"but {eid} has no relation to {rel}")


def _module_checks(case: Case, module: Module, out: _Report, extended_check: bool, warn_dialectic: bool,
                   challenged: set[str]) -> None:
    mine = [e for e in case if e.module == module.name]
    for element in mine:
        _element_checks(case, element, out, extended_check, challenged)
    own = {e.id for e in mine}
    for ext in module.extends:
        for foreign_id, local_ids in ext.develops.items():
            for local_id in local_ids:
                if not local_id.startswith(("S", "G")):
                    out.add("V07", local_id, module.name, f"element {local_id} cannot develop {foreign_id}: "
                            "only Goals, Strategies and Solutions develop other elements")
                elif local_id not in own:
                    out.add("V07", local_id, module.name, f"element {local_id} should develop {foreign_id} in "
                            f"module {ext.module}, but module {module.name} has no element {local_id}")
    if warn_dialectic:
        counters = [e.id for e in mine if e.is_counter]
        if counters:
            out.add("V11", None, module.name, "the dialectic extension is used by " + ", ".join(counters))


# --- stage 4: references ---------------------------------------------------------------

def _resolve(out: _Report, case: Case, element: Element, refs: Iterable[str], what: str) -> None:
    for ref in refs:
        if ref not in case:
            out.add("C03", element.id, element.module, f"element {element.id} has unresolved {what} element {ref}")
            if "," in ref:
                items = ", ".join(r.strip() for r in ref.split(","))
                out.add("C11", element.id, element.module,
                        f"the unresolved {what} element {ref!r} of {element.id} may be a list: write [{items}]")


def _challenge_checks(out: _Report, case: Case, graph: Structure, element: Element) -> None:
    ch = element.challenges
    if ch is None:
        return
    eid, mod = element.id, element.module
    if not ch.is_relation:
        if ch.target == eid:
            out.add("C13", eid, mod, f"element {eid} challenges itself")
        elif ch.target not in case:
            out.add("C14", eid, mod, f"element {eid} challenges {ch.target}, which does not exist")
        return
    left, right = ch.target, ch.other or ""
    if left == right:
        out.add("C15", eid, mod, f"element {eid} challenges the relation {ch}, whose ends are both {left}")
    elif left not in case or right not in case:
        missing = left if left not in case else right
        out.add("C12", eid, mod, f"element {eid} challenges the relation {ch}, but {missing} does not exist")
    elif right not in graph.related(left) and left not in graph.related(right):
        out.add("C16", eid, mod, f"element {eid} challenges the relation {ch}, but {left} and {right} "
                "have no relation")


# --- stages 5 and 6: root, cycles, reachability -----------------------------------------

def _first_cycle(graph: Structure, roots: list[str]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in roots:
        path: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(node) == 2:
                    continue
                state[node] = 1
                path.append(node)
            children = [c for c in graph.support(node) if c in graph.case]
            if i < len(children):
                stack.append((node, i + 1))
                child = children[i]
                if state.get(child) == 1:
                    return path[path.index(child):] + [child]
                if state.get(child) != 2:
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()
    return None


def _reachable(graph: Structure, roots: list[str]) -> set[str]:
    challengers = graph.challengers()
    seen = set(roots)
    todo = list(roots)
    while todo:
        node = todo.pop()
        nexts = [*graph.support(node), *graph.context(node), *(c for c, _ in challengers.get(node, ()))]
        for other in nexts:
            if other in graph.case and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _case_checks(case: Case, graph: Structure, out: _Report) -> None:
    roots = graph.roots()
    if len(roots) > 1:
        out.add("C01", None, None, "there is more than one unreferenced element: " + ", ".join(roots),
                Level.WARNING)
    elif len(roots) == 1:
        root = case.elements[roots[0]]
        if root.type is not NodeType.GOAL:
            kind = root.type.value if root.type is not None else "element of unknown type"
            out.add("C02", root.id, root.module, f"the root element should be a Goal, but {root.id} is a {kind}")
            return
    else:
        out.add("C01", None, None, "there is no unreferenced element: every element is supported or "
                "context of another", Level.ERROR)
        return
    cycle = _first_cycle(graph, roots)
    if cycle is not None:
        at = case.elements[cycle[-2]]
        out.add("C04", at.id, at.module, f"supportedBy cycle detected at element {at.id}: " + " -> ".join(cycle))
        return
    reached = _reachable(graph, roots)
    for element in case:
        if element.id not in reached:
            out.add("C08", element.id, element.module, f"element {element.id} is not reachable from the root "
                    f"element(s) {', '.join(roots)}")


def check(case: Case, *, extended_check: bool = False, warn_dialectic: bool = False) -> CheckResult:
    """Run gsn2x's checks on ``case`` (see the module docstring for the stages)."""
    out = _Report()

    def result() -> CheckResult:
        return CheckResult(tuple(out.items), len(case))

    if not _read_checks(case, out):
        return result()
    start = len(out.items)
    challenged = {e.challenges.target for e in case if e.challenges is not None and not e.challenges.is_relation}
    for module in case.modules:
        _module_checks(case, module, out, extended_check, warn_dialectic, challenged)
    if out.errors_since(start):
        return result()
    start = len(out.items)
    for problem in extension_problems(case):
        out.add(problem.code, problem.element, problem.module, problem.reason)
    if out.errors_since(start):
        return result()
    graph = structure(case)
    start = len(out.items)
    for element in case:
        _resolve(out, case, element, element.in_context_of, "inContextOf")
        _resolve(out, case, element, element.supported_by, "supportedBy")
        _challenge_checks(out, case, graph, element)
    if out.errors_since(start):
        return result()
    _case_checks(case, graph, out)
    return result()


def code_counts(result: CheckResult) -> Counter[str]:
    """How many diagnostics of each code (for summaries and tests)."""
    return Counter(result.codes())
