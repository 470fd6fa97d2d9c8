"""The canonical JSON of a case, the bytes an assessor signs (with :mod:`redline.core.signing`).

The document is ``{"format": "gsn2x", "modules": [...]}``: modules in case order, each
with its name, module block and its elements as a mapping of ID to the element's
gsn2x attributes (the same keys the writer writes, kept keys included). Canonical JSON
sorts mapping keys, so the order of elements in a file does not change the digest;
lists keep their order, so reordering ``supportedBy`` does. The file path a module was
read from is left out: the same case read from another folder has the same digest.
"""

from __future__ import annotations

import base64
from typing import Any

from redline.core.canonical import canonical_json, sha256_hex
from redline.core.gsn.model import Case
from redline.core.gsn.writer import element_mapping, module_mapping

FORMAT = "gsn2x"


def _plain(value: Any) -> Any:
    """Lists and mappings as plain JSON values; YAML's binary scalars as base64 text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def case_document(case: Case) -> dict[str, Any]:
    """The JSON-ready document of ``case`` (see the module docstring)."""
    modules = []
    for module in case.modules:
        elements = {e.id: _plain(element_mapping(e)) for e in case if e.module == module.name}
        modules.append({
            "name": module.name,
            "module": _plain(module_mapping(module)),
            "elements": elements,
        })
    return {"format": FORMAT, "modules": modules}


def case_json(case: Case) -> bytes:
    """The canonical UTF-8 JSON bytes of ``case``."""
    return canonical_json(case_document(case))


def case_digest(case: Case) -> str:
    """Hex SHA-256 of :func:`case_json`."""
    return sha256_hex(case_json(case))
