"""AVID (AI Vulnerability Database) reports and vulnerabilities, in and out.

Reads reports of every published ``data_version`` (0.1, 0.2, 0.3 … 0.3.3) into
a :class:`NeutralReport`, keeping the whole document and any field it does not
know; reads vulnerability records as :class:`AvidGrouping` (a named group of
report IDs, as incidents group reports); writes an AVID 0.3.3 report from a
:class:`PublishedAdvisory`, deriving AVID's SEP codes from the advisory's CUE
entries when a catalogue is given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from redline.core.cue import AVID_SEP, CueCatalogue
from redline.core.errors import ImportFailed
from redline.core.formats.neutral import (
    AffectedSystem,
    MetricTable,
    NeutralReport,
    PublishedAdvisory,
    Reference,
    ReportKind,
    load_document,
    parse_date,
    read_path,
)

DATA_VERSIONS = ("0.1", "0.2", "0.3", "0.3.1", "0.3.2", "0.3.3")
WRITE_VERSION = "0.3.3"
_REPORT_KEYS = {"data_type", "data_version", "metadata", "affects", "problemtype", "metrics", "references",
                "description", "impact", "credit", "reported_date"}
_VULN_KEYS = {"data_type", "data_version", "metadata", "affects", "problemtype", "references", "description",
              "reports", "impact", "credit", "published_date", "last_modified_date"}
_KIND_BY_TYPE = {"detection": ReportKind.MEASUREMENT, "measurement": ReportKind.MEASUREMENT,
                 "advisory": ReportKind.VULNERABILITY, "issue": ReportKind.VULNERABILITY}


@dataclass(frozen=True)
class AvidGrouping:
    """An AVID vulnerability record: a titled group of report IDs (``report_ids`` may be empty)."""

    vuln_id: str
    title: str
    description: str
    report_ids: tuple[str, ...]
    affected: tuple[AffectedSystem, ...]
    classifications: Mapping[str, tuple[str, ...]]
    published: date | None
    modified: date | None
    references: tuple[Reference, ...] = ()
    credits: tuple[str, ...] = ()
    original: Mapping[str, Any] = field(default_factory=dict)
    unknown_fields: Mapping[str, Any] = field(default_factory=dict)


def read_report(data: bytes | str | Mapping[str, Any], *, source: str = "<avid>") -> NeutralReport:
    """Parse one AVID report; ImportFailed names ``source`` and the field."""
    doc = load_document(data, source=source)
    _check_header(doc, source)
    report_id = _get(doc, ("metadata", "report_id"), str, source)
    problem = _mapping(doc, "problemtype", source)
    title = _lang_value(problem.get("description"), f"{source}: problemtype.description")
    description = _lang_value(doc.get("description"), f"{source}: description")
    impact = _mapping(doc, "impact", source, required=False)
    cvss = impact.get("cvss") if isinstance(impact.get("cvss"), dict) else {}
    severity = cvss.get("baseSeverity")
    return NeutralReport(
        kind=_KIND_BY_TYPE.get(str(problem.get("type", "")).lower(), ReportKind.VULNERABILITY),
        title=title or description[:120],
        description=description or title,
        affected=_affected(doc, source),
        severity=severity.lower() if isinstance(severity, str) and severity else None,
        credits=_credits(doc.get("credit"), source),
        reported_at=parse_date(doc.get("reported_date"), where=f"{source}: reported_date"),
        references=_references(doc.get("references"), source),
        classifications=_classifications(impact, problem),
        metrics=metric_tables(doc),
        source_format=f"avid-{doc['data_version']}",
        source_id=report_id,
        original=doc,
        unknown_fields={k: v for k, v in doc.items() if k not in _REPORT_KEYS},
    )


def read_vulnerability(data: bytes | str | Mapping[str, Any], *, source: str = "<avid>") -> AvidGrouping:
    """Parse one AVID vulnerability record as a grouping of its reports."""
    doc = load_document(data, source=source)
    _check_header(doc, source)
    vuln_id = _get(doc, ("metadata", "vuln_id"), str, source)
    reports = doc.get("reports") or []
    if not isinstance(reports, list) or not all(isinstance(r, dict) and r.get("report_id") for r in reports):
        raise ImportFailed(source, "reports: must be a list of objects with a report_id")
    problem = _mapping(doc, "problemtype", source)
    impact = _mapping(doc, "impact", source, required=False)

    def day(key: str) -> date | None:
        value = parse_date(doc.get(key), where=f"{source}: {key}")
        return value.date() if isinstance(value, datetime) else value

    return AvidGrouping(
        vuln_id=vuln_id,
        title=_lang_value(problem.get("description"), f"{source}: problemtype.description"),
        description=_lang_value(doc.get("description"), f"{source}: description"),
        report_ids=tuple(str(r["report_id"]) for r in reports),
        affected=_affected(doc, source),
        classifications=_classifications(impact, problem),
        published=day("published_date"),
        modified=day("last_modified_date"),
        references=_references(doc.get("references"), source),
        credits=_credits(doc.get("credit"), source),
        original=doc,
        unknown_fields={k: v for k, v in doc.items() if k not in _VULN_KEYS},
    )


def read_avid(data: bytes | str | Mapping[str, Any], *, source: str = "<avid>") -> NeutralReport | AvidGrouping:
    """Read either kind of AVID file, telling them apart by ``metadata.report_id`` / ``metadata.vuln_id``."""
    doc = load_document(data, source=source)
    metadata = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    if "vuln_id" in metadata and "report_id" not in metadata:
        return read_vulnerability(doc, source=source)
    return read_report(doc, source=source)


def read_avid_file(path: str | os.PathLike[str]) -> NeutralReport | AvidGrouping:
    """Read an AVID report or vulnerability file; errors name the file."""
    return read_avid(read_path(path), source=str(path))


def write_report(advisory: PublishedAdvisory, *, catalogue: CueCatalogue | None = None) -> dict[str, Any]:
    """An AVID 0.3.3 report for a published advisory (``metadata.report_id`` is the redline ID)."""
    developers = sorted({a.vendor for a in advisory.affected if a.vendor})
    sep = list(advisory.classifications.get("avid.sep_view", ()))
    if not sep and catalogue is not None:
        codes = sorted({c for cue in advisory.cue_ids for c in catalogue.get(cue).mappings.avid})
        sep = [f"{c}: {AVID_SEP[c]}" for c in codes]
    domains = list(advisory.classifications.get("avid.risk_domain", ())) or sorted(
        {{"S": "Security", "E": "Ethics", "P": "Performance"}[s[0]] for s in sep})
    impact: dict[str, Any] = {"avid": {
        "vuln_id": "",
        "risk_domain": domains,
        "sep_view": sep,
        "lifecycle_view": list(advisory.classifications.get("avid.lifecycle_view", ())) or ["L06: Deployment"],
        "taxonomy_version": "0.2",
    }}
    if cwes := advisory.classifications.get("cwe"):
        impact["cwe"] = [{"cweId": c, "description": c, "lang": "eng"} for c in cwes]
    return {
        "data_type": "AVID",
        "data_version": WRITE_VERSION,
        "metadata": {"report_id": advisory.public_id},
        "affects": {
            "developer": developers,
            "deployer": developers,
            "artifacts": [{"type": a.artifact_type or "Model", "name": _artifact_name(a)}
                          for a in advisory.affected],
        },
        "problemtype": {
            "classof": (advisory.classifications.get("avid.classof") or ("LLM Evaluation",))[0],
            "type": "Detection" if advisory.kind is ReportKind.MEASUREMENT else "Advisory",
            "description": {"lang": "eng", "value": advisory.title},
        },
        "metrics": [{"name": m.name, "detection_method": {"type": "", "name": m.method},
                     "results": {"rows": [dict(zip(m.columns, row, strict=False)) for row in m.rows]}}
                    for m in advisory.metrics],
        "references": [{"type": r.type or "source", "label": r.label or r.url, "url": r.url}
                       for r in advisory.references],
        "description": {"lang": "eng", "value": advisory.description},
        "impact": impact,
        "credit": [{"lang": "eng", "value": c} for c in advisory.credits],
        "reported_date": advisory.published.isoformat(),
    }


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def _table_of(rows: list[Any]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Columns and rows of a list of objects; ``passed`` of ``total_evaluated`` reads "256/256 passed"."""
    dicts = [r for r in rows if isinstance(r, dict)]
    columns: list[str] = []
    for r in dicts:
        columns += [k for k in r if k not in columns]
    if "passed" in columns and "total_evaluated" in columns:
        at = columns.index("passed")
        columns = [c for c in columns if c not in ("passed", "total_evaluated")]
        columns.insert(at, "result")
    out = []
    for r in dicts:
        cells = []
        for c in columns:
            if c == "result" and "result" not in r:
                cells.append(f"{_cell(r.get('passed'))}/{_cell(r.get('total_evaluated'))} passed")
            else:
                cells.append(_cell(r.get(c)))
        out.append(tuple(cells))
    return tuple(columns), tuple(out)


def metric_tables(doc: Mapping[str, Any]) -> tuple[MetricTable, ...]:
    """AVID's ``metrics`` as display tables, whichever of its shapes a report uses: result rows, named
    score lists, measured features, or flat ``{scorer, metrics, value}`` entries (gathered in one table)."""
    metrics = doc.get("metrics")
    if not isinstance(metrics, list):
        return ()
    tables: list[MetricTable] = []
    flat: list[tuple[str, ...]] = []
    for m in metrics:
        if not isinstance(m, dict):
            continue
        if "scorer" in m and "value" in m:
            flat.append((_cell(m.get("scorer")), _cell(m.get("metrics")), _cell(m.get("value"))))
            continue
        method_doc = m.get("detection_method") if isinstance(m.get("detection_method"), dict) else {}
        method = ": ".join(str(method_doc[k]) for k in ("type", "name") if method_doc.get(k))
        name = _cell(m.get("name"))
        results = m.get("results")
        if isinstance(results, dict):
            for key, rows in results.items():
                if isinstance(rows, list):
                    columns, cells = _table_of(rows)
                    if cells:
                        tables.append(MetricTable(name if key == "rows" else (name or key), method, columns, cells))
        elif isinstance(m.get("features"), dict):
            tables.append(MetricTable(name, method, ("feature", "value"),
                                      tuple((str(k), _cell(v)) for k, v in m["features"].items())))
    if flat:
        tables.append(MetricTable("Scores", "", ("scorer", "metric", "value"), tuple(flat)))
    return tuple(tables)


def _artifact_name(a: AffectedSystem) -> str:
    name = a.model or a.vendor or "unknown"
    return f"{name} {a.version}" if a.version and a.model else name


def _check_header(doc: Mapping[str, Any], source: str) -> None:
    if doc.get("data_type") != "AVID":
        raise ImportFailed(source, f"data_type: expected 'AVID', got {doc.get('data_type')!r}")
    if doc.get("data_version") not in DATA_VERSIONS:
        raise ImportFailed(source, f"data_version: {doc.get('data_version')!r} is not one of "
                           f"{', '.join(DATA_VERSIONS)}")


def _mapping(doc: Mapping[str, Any], key: str, source: str, required: bool = True) -> dict[str, Any]:
    value = doc.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise ImportFailed(source, f"{key}: expected an object")
    return value


def _get(doc: Mapping[str, Any], path: tuple[str, ...], kind: type, source: str) -> Any:
    value: Any = doc
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, kind) or not value:
        raise ImportFailed(source, f"{'.'.join(path)}: required {kind.__name__} is missing")
    return value


def _lang_value(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, dict) or not isinstance(value.get("value", ""), str):
        raise ImportFailed(where, "expected {lang, value}")
    return value.get("value", "").strip()


def _credits(value: Any, source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ImportFailed(source, "credit: expected a list")
    return tuple(v for item in value if (v := _lang_value(item, f"{source}: credit")))


def _references(value: Any, source: str) -> tuple[Reference, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(r, dict) and isinstance(r.get("url"), str)
                                              for r in value):
        raise ImportFailed(source, "references: expected a list of objects with a url")
    return tuple(Reference(r["url"], r.get("label") or None, r.get("type") or None) for r in value)


def _affected(doc: Mapping[str, Any], source: str) -> tuple[AffectedSystem, ...]:
    affects = _mapping(doc, "affects", source)
    people = [p for p in (affects.get("developer") or []) + (affects.get("deployer") or []) if isinstance(p, str)]
    vendor = people[0] if people else None
    artifacts = affects.get("artifacts") or []
    if not isinstance(artifacts, list):
        raise ImportFailed(source, "affects.artifacts: expected a list")
    out = []
    for i, art in enumerate(artifacts):
        if not isinstance(art, dict) or not isinstance(art.get("name"), str):
            raise ImportFailed(source, f"affects.artifacts[{i}]: expected an object with a name")
        out.append(AffectedSystem(vendor=vendor, model=art["name"], artifact_type=art.get("type")))
    if not out and vendor:
        out.append(AffectedSystem(vendor=vendor))
    return tuple(out)


def _classifications(impact: Mapping[str, Any], problem: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    avid = impact.get("avid") if isinstance(impact.get("avid"), dict) else {}
    for key in ("risk_domain", "sep_view", "lifecycle_view"):
        if isinstance(avid.get(key), list) and avid[key]:
            out[f"avid.{key}"] = tuple(str(v) for v in avid[key])
    if avid.get("taxonomy_version"):
        out["avid.taxonomy_version"] = (str(avid["taxonomy_version"]),)
    if avid.get("vuln_id"):
        out["avid.vuln_id"] = (str(avid["vuln_id"]),)
    if isinstance(impact.get("cwe"), list):
        out["cwe"] = tuple(str(c.get("cweId")) for c in impact["cwe"] if isinstance(c, dict) and c.get("cweId"))
    cvss = impact.get("cvss")
    if isinstance(cvss, dict) and cvss.get("vectorString"):
        out["cvss.vector"] = (str(cvss["vectorString"]),)
        if cvss.get("baseScore") is not None:
            out["cvss.score"] = (str(cvss["baseScore"]),)
    if problem.get("classof"):
        out["avid.classof"] = (str(problem["classof"]),)
    return out
