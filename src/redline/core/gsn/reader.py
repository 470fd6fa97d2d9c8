"""Read gsn2x YAML into a :class:`~redline.core.gsn.model.Case`; every file is one module.

A file is a mapping of element IDs to elements, with an optional ``module:`` entry
(``name``, ``brief``, ``uses``, ``extends``; other keys kept). Within an element,
``supportedBy``, ``inContextOf`` and ``defeatedRelation`` take a list or a single bare
string (``supportedBy: Sn1``), ``challenges`` takes ``"G2"`` or ``"G2 -> CG1"``, and
``acp`` maps claim-point names to an ID or a list of IDs, all as in gsn2x. An element
written with no value (``C1:``) is an empty element.

Structural problems make the whole file unreadable and raise InvalidInput naming the
file and the field (``case.yaml: G1.supportedBy: expected an ID or a list of IDs``): a
file that is empty or not a mapping, no elements, a non-string ID, an element that is
not a mapping, a field of the wrong type, an unknown ``nodeType``. Everything that
gsn2x reports as a diagnostic (unknown prefixes, wrong reference types, dangling
references…) reads fine and is reported by :func:`redline.core.gsn.checks.check`.

YAML goes through :mod:`redline.core.safe_yaml`, so hostile input is refused first.
``uses`` is kept but not followed: as gsn2x's modular extension asks, pass every
module of a case (``read_case([main, sub1, sub2])``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from redline.core import safe_yaml
from redline.core.errors import InvalidInput
from redline.core.gsn.model import Case, Challenge, Duplicate, Element, Extension, Module, NodeType

MODULE_KEY = "module"

#: Element keys this package reads; every other key is kept in ``Element.extra``.
ELEMENT_KEYS = (
    "text",
    "nodeType",
    "supportedBy",
    "inContextOf",
    "undeveloped",
    "challenges",
    "defeated",
    "defeatedRelation",
    "url",
    "acp",
)
MODULE_KEYS = ("name", "brief", "uses", "extends")

_NODE_TYPES = {t.value: t for t in NodeType}


def _ids(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InvalidInput(where, "expected an ID or a list of IDs")


def _string(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(where, f"expected a string, got {type(value).__name__}")


def _flag(value: Any, where: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise InvalidInput(where, f"expected true or false, got {value!r}")


def _element(element_id: str, raw: Any, module: str, where: str) -> Element:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InvalidInput(where, f"an element must be a mapping of attributes, got {type(raw).__name__}")
    for key in raw:
        if not isinstance(key, str):
            raise InvalidInput(where, f"attribute names must be strings, got {key!r}")
    node_type = None
    if raw.get("nodeType") is not None:
        name = raw["nodeType"]
        if name not in _NODE_TYPES:
            known = ", ".join(_NODE_TYPES)
            raise InvalidInput(f"{where}.nodeType: {name!r} is not one of {known}")
        node_type = _NODE_TYPES[name]
    challenges = _string(raw.get("challenges"), f"{where}.challenges")
    acp_raw = raw.get("acp")
    acp: dict[str, tuple[str, ...]] = {}
    if acp_raw is not None:
        if not isinstance(acp_raw, dict):
            raise InvalidInput(f"{where}.acp: expected a mapping of claim points to IDs")
        for point, refs in acp_raw.items():
            acp[str(point)] = _ids(refs, f"{where}.acp.{point}")
    return Element(
        id=element_id,
        module=module,
        text=_string(raw.get("text"), f"{where}.text"),
        node_type=node_type,
        supported_by=_ids(raw.get("supportedBy"), f"{where}.supportedBy"),
        in_context_of=_ids(raw.get("inContextOf"), f"{where}.inContextOf"),
        undeveloped=_flag(raw.get("undeveloped"), f"{where}.undeveloped"),
        url=_string(raw.get("url"), f"{where}.url"),
        challenges=Challenge.parse(challenges) if challenges is not None else None,
        defeated=_flag(raw.get("defeated"), f"{where}.defeated"),
        defeated_relation=_ids(raw.get("defeatedRelation"), f"{where}.defeatedRelation"),
        acp=acp,
        extra={k: v for k, v in raw.items() if k not in ELEMENT_KEYS},
    )


def _extends(value: Any, where: str) -> tuple[Extension, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InvalidInput(where, "expected a list of {module, develops} entries")
    out = []
    for i, entry in enumerate(value):
        at = f"{where}[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("module"), str):
            raise InvalidInput(at, "expected a mapping with a module name under 'module'")
        develops = entry.get("develops") or {}
        if not isinstance(develops, dict):
            raise InvalidInput(f"{at}.develops: expected a mapping of element IDs to lists of IDs")
        out.append(
            Extension(
                module=entry["module"],
                develops={str(k): _ids(v, f"{at}.develops.{k}") for k, v in develops.items()},
                extra={k: v for k, v in entry.items() if k not in ("module", "develops")},
            )
        )
    return tuple(out)


def read_module(data: Any, *, source: str) -> tuple[Module, list[Element]]:
    """One module and its elements from an already-loaded YAML value (pure)."""
    if data is None or (isinstance(data, dict) and not data):
        raise InvalidInput(source, "empty file, no GSN elements")
    if not isinstance(data, dict):
        raise InvalidInput(source, f"expected a mapping of GSN element IDs, got {type(data).__name__}")
    meta = data.get(MODULE_KEY)
    declared = MODULE_KEY in data
    if declared and not (isinstance(meta, dict) and isinstance(meta.get("name"), str) and meta["name"]):
        raise InvalidInput(source, "module: needs a 'name'")
    meta = meta if declared else {}
    name = meta["name"] if declared else source
    elements = []
    for key, raw in data.items():
        if key == MODULE_KEY:
            continue
        if not isinstance(key, str):
            raise InvalidInput(source, f"element IDs must be strings, got {key!r}")
        elements.append(_element(key, raw, name, f"{source}: {key}"))
    if not elements:
        raise InvalidInput(source, "no GSN elements (only a module: block)")
    module = Module(
        name=name,
        source=source,
        declared=declared,
        brief=_string(meta.get("brief"), f"{source}: module.brief"),
        uses=_ids(meta.get("uses"), f"{source}: module.uses"),
        extends=_extends(meta.get("extends"), f"{source}: module.extends"),
        extra={k: v for k, v in meta.items() if k not in MODULE_KEYS},
        element_ids=tuple(e.id for e in elements),
    )
    return module, elements


def parse_module(text: str | bytes, *, source: str, **limits: Any) -> tuple[Module, list[Element]]:
    """One module from YAML text, read through :func:`redline.core.safe_yaml.load` (``limits`` pass on)."""
    return read_module(safe_yaml.load(text, source=source, **limits), source=source)


def build_case(modules: Iterable[tuple[Module, Sequence[Element]]]) -> Case:
    """A case from modules in order; a repeated element ID keeps its first definition (C07)."""
    mods: list[Module] = []
    elements: dict[str, Element] = {}
    duplicates: list[Duplicate] = []
    for module, module_elements in modules:
        mods.append(module)
        for element in module_elements:
            first = elements.get(element.id)
            if first is not None:
                duplicates.append(Duplicate(element.id, module.name, first.module))
            else:
                elements[element.id] = element
    return Case(modules=tuple(mods), elements=elements, duplicates=tuple(duplicates))


def case_from_texts(files: Iterable[tuple[str, str | bytes]] | Mapping[str, str | bytes]) -> Case:
    """A case from ``(source, YAML text)`` pairs, e.g. pasted or uploaded files (pure)."""
    items = files.items() if isinstance(files, Mapping) else files
    return build_case(parse_module(text, source=source) for source, text in items)


def read_case(paths: Iterable[str | Path]) -> Case:
    """Read files into one case; each path as given names its module unless the file declares one."""
    modules = []
    for path in paths:
        source = str(path)
        data = safe_yaml.load_file(path, source=source)
        modules.append(read_module(data, source=source))
    if not modules:
        raise InvalidInput("no GSN files given")
    return build_case(modules)
