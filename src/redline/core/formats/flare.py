"""Read a FLARE-AI flaw report (the ai-flaw-reporting intake form) into a NeutralReport.

The field names, types and enumerations below are those of FLARE-AI's Strapi
content type ``report/schema.json``; a test checks they have not drifted.
Fields that are not in the content type (Strapi's ``id``, ``createdAt`` …) are
kept in ``unknown_fields``.  The reporter's e-mail and the proof of concept go
to ``restricted``; a report flagged as involving CSAM keeps no reproduction at all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from redline.core.errors import ImportFailed
from redline.core.formats.neutral import (
    AffectedSystem,
    DisclosureIntent,
    NeutralReport,
    ReportKind,
    load_document,
    parse_date,
    read_path,
)

#: FLARE-AI attribute → Strapi type (``enumeration`` values in :data:`FLARE_ENUMS`).
FLARE_FIELDS: dict[str, str] = {
    "metadata_createdAt": "datetime", "metadata_schemaVersion": "string", "metadata_reportType": "string",
    "step": "string", "classify_realWorldHarm": "boolean", "classify_maliciousUse": "boolean",
    "classify_csamInvolved": "boolean", "classify_csamAcknowledgment": "boolean", "reporter_email": "email",
    "reporter_org": "string", "reporter_country": "string", "system_configurations": "json",
    "incident_issueDescription": "text", "incident_expectedBehavior": "text", "incident_actualBehavior": "text",
    "incident_policyViolationUrls": "json", "incident_policyViolationReason": "text",
    "evidence_stepsToReproduce": "text", "evidence_proofOfConcept": "text", "evidence_attachments": "media",
    "impact_severityOfHarm": "string", "impact_prevalence": "string", "impact_harmType": "string",
    "impact_harmTypes": "json", "impact_affectedStakeholders": "json", "impact_harmOtherText": "string",
    "impact_aiCompanyInvolved": "json", "impact_mitigationNotes": "text", "impact_documentedHarmCwe": "string",
    "impact_discoveryContext": "string", "impact_responsibleFactors": "json",
    "impact_responsibleFactorsOtherText": "text", "security_attackerResources": "text",
    "security_attackerObjectives": "text", "security_discoveryNarrative": "text",
    "security_substrateRelationship": "string", "security_incidentLocation": "string",
    "security_harmNarrative": "text", "security_detectionMethod": "text",
    "disclosure_publicDisclosureIntent": "enumeration", "disclosure_embargoDetails": "string",
    "disclosure_disclosureTimeline": "string", "disclosure_disclosureDatepicker": "datetime",
    "disclosure_disclosureLink": "string", "review_publicDisclosureIntent": "enumeration",
    "review_embargoDetails": "string", "review_disclosureTimeline": "string",
    "review_disclosureDatepicker": "datetime", "review_selectedStakeholders": "json",
}
FLARE_ENUMS: dict[str, tuple[str, ...]] = {
    "disclosure_publicDisclosureIntent": ("yes", "no", "undecided", "already"),
    "review_publicDisclosureIntent": ("yes", "no", "undecided", "already"),
}
#: Fields redline needs to make sense of a report (FLARE also requires fields its API never exports).
REQUIRED = ("incident_issueDescription",)
#: Fields that describe the attacker or evidence in detail and so stay restricted.
RESTRICTED = ("reporter_email", "reporter_country", "evidence_proofOfConcept", "evidence_attachments",
              "security_attackerResources", "security_attackerObjectives", "security_discoveryNarrative",
              "disclosure_embargoDetails", "review_embargoDetails")


def read_flare(data: bytes | str | Mapping[str, Any], *, source: str = "<flare>") -> NeutralReport:
    """Parse one FLARE-AI report; ImportFailed names ``source``, the field and the problem."""
    doc = load_document(data, source=source)
    if isinstance(doc.get("data"), dict) and "incident_issueDescription" not in doc:
        doc = dict(doc["data"])  # a Strapi API response wraps the record in "data"
    attrs = doc.get("attributes") if isinstance(doc.get("attributes"), dict) else None
    if attrs is not None:  # Strapi v4 puts fields under "attributes"
        doc = {**{k: v for k, v in doc.items() if k != "attributes"}, **attrs}
    for name, value in doc.items():
        if name in FLARE_FIELDS and value is not None:
            _check_type(name, value, source)
    for name in REQUIRED:
        if not (isinstance(doc.get(name), str) and doc[name].strip()):
            raise ImportFailed(source, f"{name}: required and must be non-empty text")

    def text(name: str) -> str | None:
        value = doc.get(name)
        return value.strip() or None if isinstance(value, str) else None

    description = doc["incident_issueDescription"].strip()
    csam = bool(doc.get("classify_csamInvolved"))
    intent = text("review_publicDisclosureIntent") or text("disclosure_publicDisclosureIntent")
    harm_types = _strings(doc.get("impact_harmTypes")) or _strings(doc.get("impact_harmType"))
    restricted = {k: doc[k] for k in RESTRICTED if doc.get(k) not in (None, "", [])}
    reproduction = None if csam else text("evidence_stepsToReproduce")
    if csam:
        restricted = {k: v for k, v in restricted.items() if k.startswith("reporter_")}
    return NeutralReport(
        kind=_kind(doc),
        title=_title(description),
        description=description,
        expected_behaviour=text("incident_expectedBehavior"),
        actual_behaviour=text("incident_actualBehavior"),
        policy_violated=text("incident_policyViolationReason"),
        policy_urls=_strings(doc.get("incident_policyViolationUrls")),
        reproduction=reproduction,
        affected=_affected(doc),
        severity=text("impact_severityOfHarm"),
        prevalence=text("impact_prevalence"),
        harm_types=harm_types,
        affected_stakeholders=_strings(doc.get("impact_affectedStakeholders")),
        disclosure_intent=DisclosureIntent(intent) if intent else None,
        credits=(doc["reporter_org"].strip(),) if text("reporter_org") else (),
        reported_at=parse_date(doc.get("metadata_createdAt"), where=f"{source}: metadata_createdAt"),
        classifications={"cwe": (cwe,)} if (cwe := text("impact_documentedHarmCwe")) else {},
        real_world_harm=bool(doc.get("classify_realWorldHarm")),
        malicious_use=bool(doc.get("classify_maliciousUse")),
        csam_involved=csam,
        restricted=restricted,
        source_format="flare-ai",
        source_id=str(doc["documentId"]) if doc.get("documentId") else None,
        original={} if csam else doc,
        unknown_fields={k: v for k, v in doc.items() if k not in FLARE_FIELDS},
    )


def read_flare_file(path: str | os.PathLike[str]) -> NeutralReport:
    """Read a FLARE-AI JSON file; errors name the file."""
    return read_flare(read_path(path), source=str(path))


_PY_TYPES = {"string": str, "text": str, "email": str, "datetime": str, "enumeration": str, "boolean": bool}


def _check_type(name: str, value: Any, source: str) -> None:
    kind = FLARE_FIELDS[name]
    expected = _PY_TYPES.get(kind)
    if expected is not None and not isinstance(value, expected):
        raise ImportFailed(source, f"{name}: expected {kind}, got {type(value).__name__}")
    if kind == "enumeration" and value not in FLARE_ENUMS[name]:
        raise ImportFailed(source, f"{name}: {value!r} is not one of {', '.join(FLARE_ENUMS[name])}")
    if kind == "datetime":
        parse_date(value, where=f"{source}: {name}")
    if kind == "email" and "@" not in value:
        raise ImportFailed(source, f"{name}: not an e-mail address")


def _kind(doc: Mapping[str, Any]) -> ReportKind:
    declared = str(doc.get("metadata_reportType") or "").strip().lower()
    for kind in ReportKind:
        if declared.startswith(kind.value):
            return kind
    if doc.get("classify_realWorldHarm"):
        return ReportKind.INCIDENT
    if doc.get("classify_maliciousUse"):
        return ReportKind.MISUSE
    return ReportKind.VULNERABILITY


def _title(description: str, limit: int = 120) -> str:
    first = description.split("\n", 1)[0].split(". ", 1)[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            elif isinstance(item, Mapping):
                label = item.get("value") or item.get("label") or item.get("name") or item.get("url")
                if isinstance(label, str) and label.strip():
                    out.append(label.strip())
        return tuple(out)
    return ()


def _affected(doc: Mapping[str, Any]) -> tuple[AffectedSystem, ...]:
    systems: list[AffectedSystem] = []
    configs = doc.get("system_configurations")
    if isinstance(configs, Mapping):
        configs = [configs]
    for item in configs if isinstance(configs, list) else []:
        if isinstance(item, str) and item.strip():
            systems.append(AffectedSystem(model=item.strip()))
        elif isinstance(item, Mapping):
            def pick(*keys: str, src: Mapping[str, Any] = item) -> str | None:
                for key in keys:
                    if isinstance(src.get(key), str) and src[key].strip():
                        return str(src[key]).strip()
                return None
            systems.append(AffectedSystem(
                vendor=pick("vendor", "company", "provider", "developer", "organization"),
                model=pick("model", "system", "name", "systemName", "modelName"),
                version=pick("version", "modelVersion", "systemVersion"),
            ))
    known = {s.vendor for s in systems}
    for company in _strings(doc.get("impact_aiCompanyInvolved")):
        if company not in known:
            systems.append(AffectedSystem(vendor=company))
    return tuple(s for s in systems if s.vendor or s.model)
