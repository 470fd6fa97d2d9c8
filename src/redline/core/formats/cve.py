"""CVE JSON 5.1 records for published advisories.

A CVE ID is assigned by a CNA, so the caller passes it with the assigner's
organisation UUID; the redline ID and aliases become references, CWE IDs
become problem types, and CUE entries become a ``taxonomyMappings`` entry.
Records validate against the CVE JSON 5.1.1 schema (tests use the copy that
the ``cvelib`` package ships).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from redline.core.errors import InvalidInput
from redline.core.formats.neutral import PublishedAdvisory

CVE_ID_RE = re.compile(r"^CVE-\d{4}-\d{4,19}$")
DATA_VERSION = "5.1"


def _stamp(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def build_cve_record(advisory: PublishedAdvisory, *, cve_id: str, assigner_org_id: str,
                     assigner_short_name: str = "redline", cue_version: str | None = None,
                     base_url: str = "https://redline.invalid/advisories/") -> dict[str, Any]:
    """A PUBLISHED CVE record for ``advisory`` under ``cve_id``."""
    if not CVE_ID_RE.match(cve_id):
        raise InvalidInput("cve_id", f"{cve_id!r} is not of the form CVE-YYYY-NNNN")
    affected = [{
        "vendor": (s.vendor or "n/a")[:512],
        "product": s.product[:2048],
        **({"versions": [{"version": s.version, "status": "affected"}]} if s.version
           else {"defaultStatus": "affected"}),
    } for s in advisory.affected] or [{"vendor": "n/a", "product": "n/a", "defaultStatus": "unknown"}]
    references = [{"url": base_url + advisory.public_id, "name": advisory.public_id, "tags": ["vendor-advisory"]}]
    references += [{"url": r.url, **({"name": r.label[:512]} if r.label else {})} for r in advisory.references
                   if r.is_absolute and len(r.url) <= 2048]
    cna: dict[str, Any] = {
        "providerMetadata": {"orgId": assigner_org_id, "shortName": assigner_short_name,
                             "dateUpdated": _stamp(advisory.modified or advisory.published)},
        "datePublic": _stamp(advisory.published),
        "title": advisory.title[:256],
        "descriptions": [{"lang": "en", "value": _description(advisory)}],
        "affected": affected,
        "references": _unique(references),
    }
    problem = [{"lang": "en", "description": cwe, "cweId": cwe, "type": "CWE"}
               for cwe in advisory.classifications.get("cwe", ()) if re.match(r"^CWE-[1-9][0-9]*$", cwe)]
    problem += [{"lang": "en", "description": h, "type": "text"} for h in advisory.harm_types]
    if problem:
        cna["problemTypes"] = [{"descriptions": problem}]
    if advisory.cue_ids:
        cna["taxonomyMappings"] = [{
            "taxonomyName": "redline Common Use Enumeration",
            **({"taxonomyVersion": cue_version} if cue_version else {}),
            "taxonomyRelations": [{"taxonomyId": c, "relationshipName": "misuse-category",
                                   "relationshipValue": advisory.public_id} for c in advisory.cue_ids],
        }]
    if advisory.credits:
        cna["credits"] = [{"lang": "en", "value": c, "type": "finder"} for c in advisory.credits]
    return {
        "dataType": "CVE_RECORD",
        "dataVersion": DATA_VERSION,
        "cveMetadata": {
            "cveId": cve_id,
            "assignerOrgId": assigner_org_id,
            "assignerShortName": assigner_short_name,
            "state": "PUBLISHED",
            "datePublished": _stamp(advisory.published),
            "dateUpdated": _stamp(advisory.modified or advisory.published),
        },
        "containers": {"cna": cna},
    }


def _description(adv: PublishedAdvisory) -> str:
    text = adv.description
    if adv.expected_behaviour and adv.actual_behaviour:
        text += f"\n\nExpected: {adv.expected_behaviour}\nActual: {adv.actual_behaviour}"
    return text[:4096]


def _unique(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        if ref["url"] not in seen:
            seen.add(ref["url"])
            out.append(ref)
    return out
