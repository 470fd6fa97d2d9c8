"""JSON-LD of a published advisory: schema.org vocabulary plus a small redline context.

The record is a schema.org ``Report`` about one ``SoftwareApplication`` per
affected model; fields schema.org has no term for (kind, severity, CUE
entries, harm types, withheld fields) use the ``rl:`` namespace, and CUE
entries are IRIs under ``cue:`` so linked-data tools can join on them.
"""

from __future__ import annotations

from typing import Any

from redline.core.formats.neutral import PublishedAdvisory

REDLINE_NS = "https://w3id.org/redline/ns#"
CUE_NS = "https://w3id.org/redline/cue/"
CONTEXT: list[Any] = [
    "https://schema.org/",
    {
        "rl": REDLINE_NS,
        "cue": CUE_NS,
        "rl:kind": {"@type": "@vocab"},
        "rl:cue": {"@type": "@id"},
    },
]


def build_jsonld(advisory: PublishedAdvisory, *, base_url: str = "https://redline.invalid/advisories/") -> dict[str, Any]:
    """A JSON-LD document (dict) for ``advisory``."""
    url = base_url + advisory.public_id
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": url,
        "@type": "Report",
        "identifier": advisory.public_id,
        "reportNumber": advisory.public_id,
        "url": url,
        "name": advisory.title,
        "description": advisory.description,
        "datePublished": advisory.published.isoformat(),
        "about": [_system(s) for s in advisory.affected],
        "rl:kind": f"rl:{advisory.kind.value}",
        "rl:cue": [f"cue:{c}" for c in advisory.cue_ids],
    }
    if advisory.modified:
        doc["dateModified"] = advisory.modified.isoformat()
    if advisory.severity:
        doc["rl:severity"] = advisory.severity
    if advisory.prevalence:
        doc["rl:prevalence"] = advisory.prevalence
    if advisory.harm_types:
        doc["rl:harmType"] = list(advisory.harm_types)
        doc["keywords"] = list(advisory.harm_types)
    if advisory.affected_stakeholders:
        doc["rl:affectedStakeholder"] = list(advisory.affected_stakeholders)
    if advisory.expected_behaviour:
        doc["rl:expectedBehaviour"] = advisory.expected_behaviour
    if advisory.actual_behaviour:
        doc["rl:actualBehaviour"] = advisory.actual_behaviour
    if advisory.credits:
        doc["creditText"] = "; ".join(advisory.credits)
    if advisory.references:
        doc["citation"] = [{"@type": "CreativeWork", "url": r.url, **({"name": r.label} if r.label else {})}
                           for r in advisory.references if r.is_absolute]
    if advisory.aliases:
        doc["rl:alias"] = list(advisory.aliases)  # IDs, not URLs, so not schema.org's sameAs
    if advisory.withheld:
        doc["rl:withheld"] = [{"rl:field": f, "rl:reason": r} for f, r in advisory.withheld]
    return doc


def _system(s: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "SoftwareApplication", "name": s.product, "applicationCategory": "AI model"}
    if s.version:
        out["softwareVersion"] = s.version
    if s.vendor:
        out["author"] = {"@type": "Organization", "name": s.vendor}
    return out
