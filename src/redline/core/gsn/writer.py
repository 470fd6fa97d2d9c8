"""Write a case back to gsn2x YAML, one text per module, keeping every key it was read with.

Reading what :func:`write_module` writes gives the same elements, links, module block
and kept keys, so the files check the same. The writer normalises only spelling: a
bare reference becomes a one-item list, references are written ``[A, B]``, multi-line
text as a literal block, and the known keys come first in a fixed order followed by
the kept ones in their original order. Elements are written in the module's file
order, then any element of the module that the order does not list (one added by an
editor); an ID repeated in a later module (C07) is written only where the case kept it.
"""

from __future__ import annotations

from typing import Any

import yaml

from redline.core.gsn.model import Case, Element, Extension, Module
from redline.core.gsn.reader import MODULE_KEY


class _Refs(list):
    """A list of IDs, written in flow style: ``[G1, G2]``."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.nodes.ScalarNode:
    style = "|" if "\n" in value.rstrip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(
    _Refs, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True)
)


def element_mapping(element: Element) -> dict[str, Any]:
    """The YAML mapping of one element (known keys first, then the kept ones)."""
    out: dict[str, Any] = {}
    if element.text is not None:
        out["text"] = element.text
    if element.node_type is not None:
        out["nodeType"] = element.node_type.value
    if element.supported_by:
        out["supportedBy"] = _Refs(element.supported_by)
    if element.in_context_of:
        out["inContextOf"] = _Refs(element.in_context_of)
    if element.undeveloped:
        out["undeveloped"] = True
    if element.challenges is not None:
        out["challenges"] = str(element.challenges)
    if element.defeated:
        out["defeated"] = True
    if element.defeated_relation:
        out["defeatedRelation"] = _Refs(element.defeated_relation)
    if element.url is not None:
        out["url"] = element.url
    if element.acp:
        out["acp"] = {point: _Refs(refs) for point, refs in element.acp.items()}
    out.update(element.extra)
    return out


def _extension(ext: Extension) -> dict[str, Any]:
    return {"module": ext.module, "develops": {k: _Refs(v) for k, v in ext.develops.items()}, **ext.extra}


def module_mapping(module: Module) -> dict[str, Any] | None:
    """The ``module:`` block, or None for a file that declared none."""
    if not module.declared:
        return None
    out: dict[str, Any] = {"name": module.name}
    if module.brief is not None:
        out["brief"] = module.brief
    if module.uses:
        out["uses"] = list(module.uses)
    if module.extends:
        out["extends"] = [_extension(e) for e in module.extends]
    out.update(module.extra)
    return out


def write_module(case: Case, module: Module) -> str:
    """The YAML text of one module of ``case``."""
    doc: dict[str, Any] = {}
    meta = module_mapping(module)
    if meta is not None:
        doc[MODULE_KEY] = meta
    listed = [case.elements.get(i) for i in module.element_ids]
    added = [e for e in case if e.module == module.name and e.id not in module.element_ids]
    for element in [*listed, *added]:
        if element is not None and element.module == module.name:
            doc[element.id] = element_mapping(element)
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)


def write_case(case: Case) -> dict[str, str]:
    """Every module's YAML text, keyed by its source (the file it was read from)."""
    return {module.source: write_module(case, module) for module in case.modules}
