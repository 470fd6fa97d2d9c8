"""The argument's effective structure: links as written, plus what module extensions develop.

A module may develop an undeveloped element of another module
(``extends: [{module: template, develops: {G1: [G2]}}]``). gsn2x then treats ``G1`` as
supported by ``G2`` and no longer undeveloped; :func:`structure` does the same for the
extensions that are sound (the module exists, the element is in it and undeveloped),
so checks, status and diagrams all see one tree. :func:`extension_problems` lists the
unsound ones for the C09 and C10 checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from redline.core.gsn.model import Case, Challenge, Element


@dataclass(frozen=True)
class ExtensionProblem:
    """An extension that cannot apply: ``code`` is C09 (no such module) or C10 (no such undeveloped element)."""

    code: str
    module: str  # the extending module
    target_module: str
    element: str | None  # the foreign element (None for C09)
    locals: tuple[str, ...]
    reason: str


def _extensions(case: Case) -> tuple[dict[str, tuple[str, ...]], list[ExtensionProblem]]:
    names = {m.name for m in case.modules}
    developed: dict[str, tuple[str, ...]] = {}
    problems: list[ExtensionProblem] = []
    for module in case.modules:
        for ext in module.extends:
            if ext.module not in names:
                problems.append(ExtensionProblem(
                    "C09", module.name, ext.module, None, (),
                    f"module {ext.module} is not found, but module {module.name} extends it",
                ))
            for foreign_id, local_ids in ext.develops.items():
                foreign = case.get(foreign_id)
                who = ", ".join(local_ids)
                if foreign is None:
                    reason = f"element {foreign_id} does not exist, but {who} should develop it"
                elif foreign.module != ext.module:
                    reason = f"element {foreign_id} is not in module {ext.module}, but {who} should develop it"
                elif not foreign.undeveloped or foreign_id in developed:
                    reason = f"element {foreign_id} is not undeveloped, but {who} should develop it"
                else:
                    developed[foreign_id] = tuple(local_ids)
                    continue
                problems.append(ExtensionProblem("C10", module.name, ext.module, foreign_id, tuple(local_ids), reason))
    return developed, problems


def extension_problems(case: Case) -> list[ExtensionProblem]:
    """Every extension that does not apply (C09, C10), in module order."""
    return _extensions(case)[1]


@dataclass(frozen=True)
class Structure:
    """The case with sound extensions applied: who supports whom, and who is left undeveloped."""

    case: Case
    supported_by: Mapping[str, tuple[str, ...]]
    developed: Mapping[str, tuple[str, ...]]  # foreign element -> the local elements developing it

    def element(self, element_id: str) -> Element | None:
        return self.case.get(element_id)

    def support(self, element_id: str) -> tuple[str, ...]:
        """The effective ``supportedBy`` of an element (developed elements get their developers)."""
        return self.supported_by.get(element_id, ())

    def context(self, element_id: str) -> tuple[str, ...]:
        element = self.case.get(element_id)
        return element.in_context_of if element is not None else ()

    def is_undeveloped(self, element_id: str) -> bool:
        element = self.case.get(element_id)
        return element is not None and element.undeveloped and element_id not in self.developed

    def related(self, element_id: str) -> set[str]:
        """The elements an element links to: support, context and what it challenges."""
        out = set(self.support(element_id)) | set(self.context(element_id))
        element = self.case.get(element_id)
        if element is not None and element.challenges is not None:
            out.add(element.challenges.target)
            if element.challenges.other is not None:
                out.add(element.challenges.other)
        return out

    def challengers(self) -> dict[str, list[tuple[str, Challenge]]]:
        """For each challenged element (the target, or both ends of a relation), who challenges it."""
        out: dict[str, list[tuple[str, Challenge]]] = {}
        for element in self.case:
            if element.challenges is not None:
                ends = [element.challenges.target]
                if element.challenges.other is not None:
                    ends.append(element.challenges.other)
                for end in ends:
                    out.setdefault(end, []).append((element.id, element.challenges))
        return out

    def roots(self) -> list[str]:
        """Unreferenced elements (sorted, as gsn2x lists them); a challenger is never a root."""
        referenced = set()
        for element in self.case:
            referenced.update(self.support(element.id))
            referenced.update(element.in_context_of)
        return sorted(
            e.id for e in self.case if e.id not in referenced and e.challenges is None
        )

    def parents(self) -> dict[str, list[str]]:
        """For each element, the elements whose effective support or context lists it."""
        out: dict[str, list[str]] = {}
        for element in self.case:
            for child in (*self.support(element.id), *element.in_context_of):
                out.setdefault(child, []).append(element.id)
        return out


def structure(case: Case) -> Structure:
    """The effective structure of ``case`` (extensions that cannot apply are left out)."""
    developed, _ = _extensions(case)
    supported_by = {e.id: e.supported_by for e in case}
    for foreign_id, local_ids in developed.items():
        supported_by[foreign_id] = local_ids
    return Structure(case=case, supported_by=supported_by, developed=developed)
