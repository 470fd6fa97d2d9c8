"""Live status of a case: evidence outcomes give each Solution a status, and status flows up the tree.

**Solutions.** A Solution bound to a record on redline takes its status from that
record's outcome by the table :data:`OUTCOME_RULES` (data, so docs and pages show the
same rules): *supported* (a red line not crossed, a safeguard test passed, a risk run
within its threshold, a decision to proceed or to modify with the modification
recorded, a drill within its target times), *contradicted* (crossed, failed, exceeds,
a decision to cancel or delay, a drill over its targets) or *weak* (inconclusive,
invalid, uncertain, a decision to modify whose modification is not recorded).
Evidence past its valid-until date is *weak* when it would have supported, and stays
*contradicted* when it contradicted: age does not clear a crossing. A Solution bound
to nothing is *weak* on a case a commitment requires (``unbound_is_weak=True``, the
default) and *unbound* otherwise: shown as such but, like gsn2x's static evidence,
not a gap.

**Propagation** (:func:`evaluate`), over the structure with module extensions applied:

- a Goal or Strategy is *supported* only when every element supporting it is
  supported (or unbound on a case that does not require evidence) and none of its
  contexts is challenged; otherwise it is a *gap*;
- an undeveloped Goal or Strategy is a gap;
- an element marked ``defeated`` is *contradicted*; a relation listed in an element's
  ``defeatedRelation`` makes that element a gap;
- a CounterGoal or CounterSolution that is not resolved — neither marked ``defeated``
  nor with its own challenge listed in its ``defeatedRelation`` — makes the element it
  challenges (for a challenged relation, the element the relation hangs from) a gap;
- contexts, assumptions, justifications and counter elements have no status of their
  own (``None``) unless challenged or defeated.

:class:`CaseStatus` holds every element's status and the list of :class:`Gap` causes,
each naming the goals it leaves unsupported; :meth:`CaseStatus.summary` is the JSON
the case page and the gate read.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redline.core.gsn.graph import Structure, structure
from redline.core.gsn.model import Case, Element, NodeType


class Status(enum.Enum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    WEAK = "weak"
    UNBOUND = "unbound"  # a Solution bound to no evidence on a case that does not require it
    GAP = "gap"


class EvidenceKind(enum.Enum):
    """The kinds of redline record a Solution can be bound to (the ``evidence`` marker in templates)."""

    RED_LINE_VERDICT = "red_line_verdict"
    SAFEGUARD_TEST = "safeguard_test"
    RISK_RUN = "risk_run"
    DECISION = "decision"
    DRILL = "drill"


@dataclass(frozen=True)
class OutcomeRule:
    """One row of the evidence table: a record's outcome and the Solution status it gives."""

    kind: EvidenceKind
    outcome: str
    status: Status
    when: str | None = None  # a condition that must hold for this row (checked before rows without one)


_V, _S, _R, _D, _X = (EvidenceKind.RED_LINE_VERDICT, EvidenceKind.SAFEGUARD_TEST, EvidenceKind.RISK_RUN,
                      EvidenceKind.DECISION, EvidenceKind.DRILL)

#: Outcome → Solution status, by kind of record. Outcome values are those the records use
#: (``VerdictStatus``, ``ThresholdStatus``, decision ``Outcome``); safeguard tests and drills
#: name theirs here.
OUTCOME_RULES: tuple[OutcomeRule, ...] = (
    OutcomeRule(_V, "not_crossed", Status.SUPPORTED),
    OutcomeRule(_V, "crossed", Status.CONTRADICTED),
    OutcomeRule(_V, "inconclusive", Status.WEAK),
    OutcomeRule(_V, "invalid", Status.WEAK),
    OutcomeRule(_S, "passed", Status.SUPPORTED),
    OutcomeRule(_S, "failed", Status.CONTRADICTED),
    OutcomeRule(_S, "inconclusive", Status.WEAK),
    OutcomeRule(_R, "within", Status.SUPPORTED),
    OutcomeRule(_R, "exceeds", Status.CONTRADICTED),
    OutcomeRule(_R, "uncertain", Status.WEAK),
    OutcomeRule(_D, "proceed", Status.SUPPORTED),
    OutcomeRule(_D, "modify", Status.SUPPORTED, when="modification_recorded"),
    OutcomeRule(_D, "modify", Status.WEAK),
    OutcomeRule(_D, "delay", Status.CONTRADICTED),
    OutcomeRule(_D, "cancel", Status.CONTRADICTED),
    OutcomeRule(_X, "within_targets", Status.SUPPORTED),
    OutcomeRule(_X, "over_targets", Status.CONTRADICTED),
)


def solution_status(kind: EvidenceKind | str, outcome: str, *, stale: bool = False,
                    modification_recorded: bool = False) -> Status:
    """The status a record with this outcome gives the Solution bound to it.

    ``stale``: the record is past its valid-until date (supported becomes weak).
    ``modification_recorded``: for a decision to modify, whether the modification is on record.
    Raises ValueError for an outcome the table does not know, so a new outcome is never
    silently taken as support.
    """
    kind = EvidenceKind(kind)
    conditions = {"modification_recorded": modification_recorded}
    rows = [r for r in OUTCOME_RULES if r.kind is kind and r.outcome == outcome]
    rows.sort(key=lambda r: r.when is None)
    for row in rows:
        if row.when is None or conditions.get(row.when, False):
            status = row.status
            break
    else:
        known = ", ".join(sorted({r.outcome for r in OUTCOME_RULES if r.kind is kind}))
        raise ValueError(f"{kind.value}: unknown outcome {outcome!r} (known: {known})")
    if stale and status is Status.SUPPORTED:
        return Status.WEAK
    return status


class GapKind(enum.Enum):
    """Why part of the argument is not supported."""

    UNDEVELOPED = "undeveloped"
    WEAK = "weak"
    CONTRADICTED = "contradicted"
    UNBOUND = "unbound"  # weak because bound to nothing on a case that requires evidence
    CHALLENGED = "challenged"
    DEFEATED = "defeated"
    MISSING = "missing"  # a reference to an element that does not exist (an invalid case)
    CYCLE = "cycle"


@dataclass(frozen=True)
class Gap:
    """One cause of a gap: the element, why, and the Goals and Strategies it leaves unsupported."""

    element: str
    kind: GapKind
    reason: str
    affects: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"element": self.element, "kind": self.kind.value, "reason": self.reason,
                "affects": list(self.affects)}


@dataclass(frozen=True)
class CaseStatus:
    """Every element's status, the causes of gaps, and the roots the verdict is read from."""

    statuses: Mapping[str, Status | None]
    gaps: tuple[Gap, ...]
    roots: tuple[str, ...]

    @property
    def status(self) -> Status:
        """SUPPORTED when every root Goal is supported, else GAP."""
        ok = self.roots and all(self.statuses.get(r) is Status.SUPPORTED for r in self.roots)
        return Status.SUPPORTED if ok else Status.GAP

    @property
    def supported(self) -> bool:
        return self.status is Status.SUPPORTED

    def gap_elements(self) -> list[str]:
        """The Goals and Strategies whose status is gap, in case order."""
        return [i for i, s in self.statuses.items() if s is Status.GAP]

    def summary(self) -> dict[str, Any]:
        counts = {s.value: 0 for s in Status}
        for s in self.statuses.values():
            if s is not None:
                counts[s.value] += 1
        return {
            "status": self.status.value,
            "roots": list(self.roots),
            "gap_count": len(self.gaps),
            "gaps": [g.as_dict() for g in self.gaps],
            "gap_elements": self.gap_elements(),
            "counts": counts,
        }


def _unresolved(element: Element) -> bool:
    ch = element.challenges
    return ch is not None and element.is_counter and not element.defeated and ch.target not in \
        element.defeated_relation and (ch.other is None or ch.other not in element.defeated_relation)


def _challenge_marks(graph: Structure) -> dict[str, list[str]]:
    """Positive elements made gaps by unresolved counter elements, with the reasons."""
    marks: dict[str, list[str]] = {}
    for counter in graph.case:
        if not _unresolved(counter):
            continue
        ch = counter.challenges
        assert ch is not None
        if ch.other is None:
            hit = ch.target
            why = f"challenged by {counter.id}, which is not defeated"
        else:
            hit = ch.target if ch.other in graph.related(ch.target) else ch.other
            why = f"its relation {ch} is challenged by {counter.id}, which is not defeated"
        target = graph.element(hit)
        if target is not None and not target.is_counter:
            marks.setdefault(hit, []).append(why)
    return marks


def evaluate(case: Case, solution_status: Mapping[str, Status | None] | None = None, *,
             unbound_is_weak: bool = True) -> CaseStatus:
    """Each element's status from the Solutions' statuses (missing or None: unbound), and the gaps."""
    given = dict(solution_status or {})
    for sid, s in given.items():
        if s is not None and s not in (Status.SUPPORTED, Status.CONTRADICTED, Status.WEAK):
            raise ValueError(f"solution {sid}: status must be supported, contradicted or weak, not {s.value}")
    graph = structure(case)
    marks = _challenge_marks(graph)
    statuses: dict[str, Status | None] = {}
    causes: list[tuple[str, GapKind, str]] = []
    on_path: set[str] = set()

    def own(element: Element) -> Status | None:
        """The status an element has before its children are looked at (None: from children)."""
        kind = element.type
        if kind is NodeType.SOLUTION:
            s = given.get(element.id)
            if s is None:
                if unbound_is_weak:
                    causes.append((element.id, GapKind.UNBOUND, f"Solution {element.id} is bound to no evidence"))
                    return Status.WEAK
                return Status.UNBOUND
            if s is not Status.SUPPORTED:
                causes.append((element.id, GapKind(s.value), f"Solution {element.id}'s evidence is {s.value}"))
            return s
        if kind in (NodeType.GOAL, NodeType.STRATEGY) and not graph.support(element.id):
            causes.append((element.id, GapKind.UNDEVELOPED, f"{kind.value} {element.id} is undeveloped"))
            return Status.GAP
        return None

    def finish(element: Element, status: Status | None) -> Status | None:
        if element.defeated and not element.is_counter:
            causes.append((element.id, GapKind.DEFEATED, f"{element.id} is marked defeated"))
            status = Status.CONTRADICTED
        for rel in element.defeated_relation:
            if not element.is_counter and rel in graph.related(element.id):
                causes.append((element.id, GapKind.DEFEATED, f"the relation {element.id} -> {rel} is defeated"))
                status = Status.GAP
        for why in marks.get(element.id, ()):
            causes.append((element.id, GapKind.CHALLENGED, f"{element.id} is {why}"))
            if status in (None, Status.SUPPORTED, Status.UNBOUND):
                status = Status.GAP
        return status

    order = [e.id for e in case]
    for start in order:
        if start in statuses:
            continue
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            eid, expanded = stack.pop()
            if eid in statuses and not expanded:
                continue
            element = case.get(eid)
            if element is None:
                continue
            if not expanded:
                on_path.add(eid)
                stack.append((eid, True))
                for child in (*graph.support(eid), *element.in_context_of):
                    if child in case and child not in statuses and child not in on_path:
                        stack.append((child, False))
                continue
            on_path.discard(eid)
            status = own(element)
            if status is None and element.type in (NodeType.GOAL, NodeType.STRATEGY):
                status = Status.SUPPORTED
                for child in graph.support(eid):
                    if child not in case:
                        causes.append((eid, GapKind.MISSING, f"{eid} is supported by {child}, which does not exist"))
                        status = Status.GAP
                    elif child not in statuses:
                        causes.append((eid, GapKind.CYCLE, f"{eid} is supported by {child} in a cycle"))
                        status = Status.GAP
                    elif statuses[child] not in (Status.SUPPORTED, Status.UNBOUND):
                        status = Status.GAP
                for child in element.in_context_of:
                    if statuses.get(child) not in (None, Status.SUPPORTED):
                        status = Status.GAP
            elif status is None and element.type is None:
                status = Status.GAP
                causes.append((eid, GapKind.MISSING, f"{eid} is of unknown type"))
            statuses[eid] = finish(element, status)

    parents = graph.parents()
    position = {eid: i for i, eid in enumerate(order)}
    causes.sort(key=lambda c: position.get(c[0], len(order)))
    gaps = []
    for eid, kind, reason in causes:
        above: list[str] = []
        seen = {eid}
        todo = list(parents.get(eid, ()))
        while todo:
            p = todo.pop()
            if p in seen:
                continue
            seen.add(p)
            if statuses.get(p) is Status.GAP:
                above.append(p)
            todo.extend(parents.get(p, ()))
        ordered = tuple(i for i in order if i in set(above))
        gaps.append(Gap(eid, kind, reason, ordered))
    ordered_statuses = {i: statuses.get(i) for i in order}
    return CaseStatus(statuses=ordered_statuses, gaps=tuple(gaps), roots=tuple(graph.roots()))
