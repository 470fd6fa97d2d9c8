"""STIX 2.1 bundles of published advisories, built with the ``stix2`` library.

Each advisory becomes a ``vulnerability`` (named by its public ID, with external
references to redline, its aliases and its references), a ``report`` that wraps
it, and an ``identity`` per affected vendor; CUE entries and harm types become
labels.  IDs are derived from the public ID (a SHA-256 digest laid out as a
UUIDv4, the form STIX 2.1 asks for), so the same advisory always gives the
same objects and re-exports diff cleanly.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import stix2

from redline.core.formats.neutral import PublishedAdvisory

PRODUCER = "redline"


def _id(kind: str, *parts: str) -> str:
    """A stable STIX ID: SHA-256 of the parts, with UUIDv4's version and variant bits set."""
    digest = hashlib.sha256("/".join(("redline-stix", kind, *parts)).encode()).digest()
    return f"{kind}--{uuid.UUID(bytes=digest[:16], version=4)}"


def _ts(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def build_bundle(advisories: Iterable[PublishedAdvisory], *, base_url: str = "https://redline.invalid/advisories/",
                 producer: str = PRODUCER) -> dict[str, Any]:
    """A STIX 2.1 bundle (as a JSON-ready dict) of ``advisories``; valid under stix2-validator."""
    items = sorted(advisories, key=lambda a: a.public_id)
    epoch = _ts(min((a.published for a in items), default=date(2026, 1, 1)))
    creator = stix2.Identity(id=_id("identity", "producer", producer), name=producer,
                             identity_class="organization", created=epoch, modified=epoch)
    objects: list[Any] = [creator]
    vendors: dict[str, stix2.Identity] = {}
    for adv in items:
        created = _ts(adv.published)
        modified = _ts(adv.modified) if adv.modified and adv.modified > adv.published else created
        refs = [{"source_name": producer, "external_id": adv.public_id, "url": base_url + adv.public_id}]
        refs += [{"source_name": _alias_source(a), "external_id": a} for a in adv.aliases]
        refs += [{"source_name": r.label or "reference", "url": r.url} for r in adv.references if r.is_absolute]
        labels = [f"kind:{adv.kind.value}"] + [f"cue:{c}" for c in adv.cue_ids]
        labels += [f"harm:{h}" for h in adv.harm_types]
        if adv.severity:
            labels.append(f"severity:{adv.severity}")
        vuln = stix2.Vulnerability(
            id=_id("vulnerability", adv.public_id), created=created, modified=modified,
            created_by_ref=creator.id, name=adv.public_id, description=_description(adv),
            external_references=refs, labels=labels,
        )
        objects.append(vuln)
        refs_in_report = [vuln.id]
        for system in adv.affected:
            if not system.vendor:
                continue
            if system.vendor not in vendors:
                vendors[system.vendor] = stix2.Identity(
                    id=_id("identity", "vendor", system.vendor), name=system.vendor,
                    identity_class="organization", created=epoch, modified=epoch, created_by_ref=creator.id)
                objects.append(vendors[system.vendor])
            if vendors[system.vendor].id not in refs_in_report:
                refs_in_report.append(vendors[system.vendor].id)
        objects.append(stix2.Report(
            id=_id("report", adv.public_id), created=created, modified=modified, created_by_ref=creator.id,
            name=f"{adv.public_id}: {adv.title}", description=adv.description, published=created,
            report_types=["vulnerability"], object_refs=refs_in_report, labels=labels,
        ))
    bundle = stix2.Bundle(objects=objects, id=_id("bundle", *(a.public_id for a in items)),
                          allow_custom=False)
    return json.loads(bundle.serialize(sort_keys=True))


def _description(adv: PublishedAdvisory) -> str:
    parts = [adv.title, "", adv.description]
    affected = ", ".join(filter(None, (" ".join(filter(None, (s.vendor, s.model, s.version)))
                                       for s in adv.affected)))
    if affected:
        parts += ["", f"Affected: {affected}"]
    for name, reason in adv.withheld:
        parts.append(f"{name}: [withheld: {reason}]")
    return "\n".join(parts)


def _alias_source(alias: str) -> str:
    return alias.split("-", 1)[0].lower() if "-" in alias else "alias"
