"""Export published advisories (the redacted records only) as AVID, STIX 2.1, CVE JSON 5 and JSON-LD.

Writers in :mod:`redline.core.formats` accept only ``PublishedAdvisory``, so a
restricted field cannot reach an export.  CVE IDs are assigned by a CNA; until
one is, a record gets a placeholder ``CVE-<year>-<sequence + 900000>`` derived
from its redline ID (documented in docs/formats/advisory-exports.md), which is easy to spot.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from redline.core.errors import InvalidInput
from redline.core.formats import avid, cve, jsonld, stix
from redline.core.formats.neutral import PublishedAdvisory
from redline.disclosure.publishing import advisory_of, public_advisories

FORMATS = ("avid", "stix", "cve", "jsonld")
NIL_ORG = "00000000-0000-4000-8000-000000000000"


def advisories() -> Iterator[PublishedAdvisory]:
    for adv in public_advisories().order_by("sequence", "pk").iterator(chunk_size=500):
        yield advisory_of(adv)


def _base() -> str:
    return f"{settings.SITE_URL}/advisories/"


def placeholder_cve_id(public_id: str) -> str:
    _, year, seq = public_id.split("-")
    return f"CVE-{year}-{int(seq) + 900000}"


def _catalogue():
    try:
        from redline.core.cue import load_catalogue

        return load_catalogue()
    except Exception:  # noqa: BLE001 - the catalogue only enriches AVID SEP codes
        return None


def export(fmt: str, out: Path, *, assigner_org_id: str = NIL_ORG) -> int:
    """Write every published advisory in ``fmt`` to ``out`` (a folder; a file for STIX); returns the count."""
    if fmt not in FORMATS:
        raise InvalidInput("format", f"must be one of {', '.join(FORMATS)}")
    items = list(advisories())
    if fmt == "stix":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(stix.build_bundle(items, base_url=_base()), indent=2, ensure_ascii=False))
        return len(items)
    out.mkdir(parents=True, exist_ok=True)
    catalogue = _catalogue() if fmt == "avid" else None
    for a in items:
        if fmt == "avid":
            doc, name = avid.write_report(a, catalogue=catalogue), f"{a.public_id}.json"
        elif fmt == "cve":
            cve_id = placeholder_cve_id(a.public_id)
            doc, name = cve.build_cve_record(a, cve_id=cve_id, assigner_org_id=assigner_org_id,
                                             base_url=_base()), f"{cve_id}.json"
        else:
            doc, name = jsonld.build_jsonld(a, base_url=_base()), f"{a.public_id}.jsonld"
        (out / name).write_text(json.dumps(doc, indent=2, ensure_ascii=False, default=str))
    return len(items)


#: Formats of one record's export link: name → content type.
ONE_RECORD = {"avid": "application/json", "stix": "application/stix+json", "cve": "application/json"}


def export_one(a: PublishedAdvisory, fmt: str) -> tuple[dict, str]:
    """One advisory in ``fmt`` (avid, stix, cve) and its content type; InvalidInput for another format."""
    if fmt not in ONE_RECORD:
        raise InvalidInput("format", f"must be one of {', '.join(ONE_RECORD)}")
    if fmt == "avid":
        doc = avid.write_report(a, catalogue=_catalogue())
    elif fmt == "stix":
        doc = stix.build_bundle([a], base_url=_base())
    else:
        doc = cve.build_cve_record(a, cve_id=placeholder_cve_id(a.public_id), assigner_org_id=NIL_ORG,
                                   base_url=_base())
    return doc, ONE_RECORD[fmt]
