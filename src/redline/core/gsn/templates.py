"""Argument templates from the frontier-AI safety-case literature, and filling them in for a model.

Four skeletons ship as gsn2x YAML in ``templates/`` beside this module (Clymer et al.
2024's four argument types): ``inability`` (after the UK AISI / GovAI cyber inability
template), ``control``, ``trustworthiness`` and ``deference``. Each is a valid gsn2x
module that checks without diagnostics; goals the author must develop are marked
``undeveloped: true`` and show as gaps until developed.

A template's ``module.parameters`` names its placeholders, with a line of help each.
Text holds ``{{name}}`` placeholders; an element with ``foreach: item in list`` is
repeated once per value of the list parameter, its ID suffixed ``.1``, ``.2``…, and
references between repeated elements follow the same index. A Solution's
``evidence:`` key marks an evidence slot: the kind of redline record that can bind
there (:class:`~redline.core.gsn.status.EvidenceKind`); gsn2x keeps it as a layer.

:func:`instantiate` fills a template from values (the model's name, the threat
profile, the red-line or safeguard names…) and returns the case, ready to write
with :mod:`redline.core.gsn.writer` or to check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from redline.core.errors import InvalidInput
from redline.core.gsn.model import Case, Element, Module
from redline.core.gsn.reader import build_case, parse_module
from redline.core.gsn.status import EvidenceKind

TEMPLATE_NAMES = ("inability", "control", "trustworthiness", "deference")
EVIDENCE_KEY = "evidence"
FOREACH_KEY = "foreach"
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_FOREACH = re.compile(r"^\s*([A-Za-z_]\w*)\s+in\s+([A-Za-z_]\w*)\s*$")


@dataclass(frozen=True)
class TemplateInfo:
    """A template's name, one-line brief (with placeholders) and parameters with their help."""

    name: str
    brief: str
    parameters: Mapping[str, str]
    list_parameters: tuple[str, ...]  # the ones ``foreach`` repeats over: give a list of values


@dataclass(frozen=True)
class EvidenceSlot:
    """A Solution where a redline record can bind, and the kind of record it takes."""

    element: str
    kind: EvidenceKind
    text: str


def template_text(name: str) -> str:
    """The gsn2x YAML of a shipped template."""
    if name not in TEMPLATE_NAMES:
        raise InvalidInput("template", f"{name!r} is not one of {', '.join(TEMPLATE_NAMES)}")
    return resources.files("redline.core.gsn").joinpath("templates", f"{name}.gsn.yaml").read_text("utf-8")


def load_template(name: str) -> Case:
    """A template as a case, placeholders and ``foreach`` keys still in it."""
    return build_case([parse_module(template_text(name), source=f"{name}.gsn.yaml")])


def _foreach(element: Element) -> tuple[str, str] | None:
    raw = element.extra.get(FOREACH_KEY)
    if raw is None:
        return None
    match = _FOREACH.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise InvalidInput(f"{element.id}.foreach: expected 'item in list', got {raw!r}")
    return match.group(1), match.group(2)


def template_info(name: str) -> TemplateInfo:
    case = load_template(name)
    module = case.modules[0]
    params = module.extra.get("parameters") or {}
    lists = sorted({f[1] for e in case if (f := _foreach(e)) is not None})
    return TemplateInfo(name=name, brief=module.brief or "", parameters=dict(params), list_parameters=tuple(lists))


def templates() -> list[TemplateInfo]:
    """Every shipped template, in the order of :data:`TEMPLATE_NAMES`."""
    return [template_info(n) for n in TEMPLATE_NAMES]


def evidence_slots(case: Case) -> list[EvidenceSlot]:
    """The Solutions that carry an ``evidence:`` marker, with the kind of record each takes."""
    slots = []
    for element in case.solutions():
        raw = element.extra.get(EVIDENCE_KEY)
        if raw is None:
            continue
        try:
            kind = EvidenceKind(raw)
        except ValueError:
            known = ", ".join(k.value for k in EvidenceKind)
            raise InvalidInput(f"{element.id}.{EVIDENCE_KEY}: {raw!r} is not one of {known}") from None
        slots.append(EvidenceSlot(element.id, kind, element.text or ""))
    return slots


def _fill(value: Any, values: Mapping[str, str], where: str) -> Any:
    if isinstance(value, str):
        def sub(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in values:
                raise InvalidInput(where, f"no value for placeholder {{{{{key}}}}}")
            return values[key]
        return _PLACEHOLDER.sub(sub, value)
    if isinstance(value, list):
        return [_fill(v, values, where) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, values, where) for k, v in value.items()}
    return value


def _values(info: TemplateInfo, values: Mapping[str, str | Sequence[str]]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(info.parameters))
    if unknown:
        raise InvalidInput(f"template {info.name}: unknown parameter(s) {', '.join(unknown)}; "
                           f"it takes {', '.join(info.parameters)}")
    missing = [p for p in info.parameters if p not in values]
    if missing:
        raise InvalidInput(f"template {info.name}: missing value(s) for {', '.join(missing)}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in info.list_parameters:
            items = [value] if isinstance(value, str) else list(value)
            if not items or not all(isinstance(v, str) and v.strip() for v in items):
                raise InvalidInput(f"template {info.name}: {key} needs one or more non-empty names")
            out[key] = [v.strip() for v in items]
        else:
            if not isinstance(value, str) or not value.strip():
                raise InvalidInput(f"template {info.name}: {key} needs a non-empty text")
            out[key] = value.strip()
    return out


def instantiate(name: str, values: Mapping[str, str | Sequence[str]], *, module_name: str | None = None,
                source: str | None = None) -> Case:
    """Fill template ``name`` with ``values`` (a list, or one name, for each list parameter).

    The module is named ``module_name`` (default: the template's name) and keeps
    ``template: NAME`` in its module block; ``parameters`` and ``foreach`` are dropped.
    Raises InvalidInput for a missing, unknown or empty value.
    """
    info = template_info(name)
    filled = _values(info, values)
    template = load_template(name)
    tmodule = template.modules[0]
    mod_name = module_name or tmodule.name
    repeated: dict[str, tuple[str, int]] = {}  # element id -> (item variable, count)
    for element in template:
        loop = _foreach(element)
        if loop is not None:
            repeated[element.id] = (loop[0], len(filled[loop[1]]))

    def refs(ids: Sequence[str], index: tuple[str, int] | None) -> tuple[str, ...]:
        out: list[str] = []
        for ref in ids:
            if ref not in repeated:
                out.append(ref)
            elif index is not None and repeated[ref][0] == index[0]:
                out.append(f"{ref}.{index[1]}")
            else:
                out.extend(f"{ref}.{i}" for i in range(1, repeated[ref][1] + 1))
        return tuple(out)

    elements: list[Element] = []
    for element in template:
        loop = _foreach(element)
        plain = {k: v for k, v in filled.items() if k not in info.list_parameters}
        copies: list[tuple[str, dict[str, Any], tuple[str, int] | None]] = []
        if loop is None:
            copies.append((element.id, plain, None))
        else:
            var, lst = loop
            for i, item in enumerate(filled[lst], start=1):
                copies.append((f"{element.id}.{i}", {**plain, var: item}, (var, i)))
        for new_id, scope, index in copies:
            where = f"template {name}: {element.id}"
            extra = {k: _fill(v, scope, where) for k, v in element.extra.items() if k != FOREACH_KEY}
            elements.append(replace(
                element,
                id=new_id,
                module=mod_name,
                text=_fill(element.text, scope, where),
                supported_by=refs(element.supported_by, index),
                in_context_of=refs(element.in_context_of, index),
                extra=extra,
            ))
    plain = {k: v for k, v in filled.items() if k not in info.list_parameters}
    module = Module(
        name=mod_name,
        source=source or f"{mod_name}.gsn.yaml",
        declared=True,
        brief=_fill(tmodule.brief, plain, f"template {name}: module.brief"),
        uses=tmodule.uses,
        extends=tmodule.extends,
        extra={k: v for k, v in tmodule.extra.items() if k != "parameters"},
        element_ids=tuple(e.id for e in elements),
    )
    return build_case([(module, elements)])
