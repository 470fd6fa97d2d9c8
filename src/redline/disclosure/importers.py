"""Import AVID reports and vulnerabilities and FLARE-AI reports through the core readers.

Each file is imported in its own transaction: it is stored whole or not at all,
and the result says which (imported, or skipped with the reason).  AVID reports
are public already, so each becomes a published advisory with its AVID ID as an
alias; AVID vulnerability records become incident groupings of those reports.
A FLARE report is a fresh submission: it opens a case with every vendor it names
that is registered here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from redline.accounts.models import Organisation
from redline.core.disclosure.clocks import Severity
from redline.core.errors import ImportFailed, InvalidInput
from redline.core.formats import avid, flare
from redline.core.formats.neutral import NeutralReport, read_path, to_jsonable
from redline.disclosure import duplicates, publishing
from redline.disclosure.models import Case, Incident, Participant, Report
from redline.ledger.services import record, record_many


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str  # "imported" or "skipped"
    detail: str


def _when(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(12)))
    return timezone.now()


def _severity(value: str | None) -> str:
    v = (value or "").lower()
    return v if v in Severity._value2member_map_ else ("low" if v in ("none", "info", "informational") else "medium")


def _cue_entries(ids: Iterable[str]):
    from redline.enumeration.models import CueEntry

    return list(CueEntry.objects.filter(pk__in=list(ids)))


def report_from_neutral(nr: NeutralReport, *, at: datetime) -> Report:
    """Store a NeutralReport (restricted parts stay in ``restricted``; nothing from the source is lost)."""
    references = [{"url": r.url, "label": r.label, "type": r.type} for r in nr.references]
    report = Report.objects.create(
        kind=nr.kind.value, title=nr.title[:200] or "(untitled)", description=nr.description or nr.title,
        expected_behaviour=nr.expected_behaviour or "", actual_behaviour=nr.actual_behaviour or "",
        policy_violated=nr.policy_violated or "", reproduction="" if nr.csam_involved else (nr.reproduction or ""),
        affected_systems=[to_jsonable(a) for a in nr.affected], severity=_severity(nr.severity),
        prevalence=(nr.prevalence or "")[:40], harm_types=list(nr.harm_types),
        affected_stakeholders=list(nr.affected_stakeholders),
        disclosure_intent=nr.disclosure_intent.value if nr.disclosure_intent else "", credits=list(nr.credits),
        references=references, classifications={k: list(v) for k, v in nr.classifications.items()},
        real_world_harm=nr.real_world_harm, malicious_use=nr.malicious_use, csam_path=nr.csam_involved,
        restricted=to_jsonable(dict(nr.restricted)),
        reporter_email=str(nr.restricted.get("reporter_email") or "")[:254],
        source_format=nr.source_format, source_id=nr.source_id or "", original=to_jsonable(dict(nr.original)),
        unknown_fields=to_jsonable(dict(nr.unknown_fields)), submitted_at=at,
    )
    report.cue_entries.set(_cue_entries(nr.cue_ids))
    from redline.registry.models import AIModel

    names = {a.model for a in nr.affected if a.model}
    if names:
        report.affected_models.set(AIModel.objects.filter(Q(name__in=names) | Q(slug__in=names)))
    if not nr.csam_involved:
        text = duplicates.text_of(report.title, report.description, report.actual_behaviour)
        report.signature = duplicates.add(report, text)
        Report.objects.filter(pk=report.pk).update(signature=report.signature)
    return report


def _import_avid_report(nr: NeutralReport) -> str:
    if Report.objects.filter(source_id=nr.source_id, source_format__startswith="avid").exists():
        raise _Skip(f"{nr.source_id} is already imported")
    at = _when(nr.reported_at)
    report = report_from_neutral(nr, at=at)
    from redline.disclosure.intake import reserve_public_id

    reserve_public_id(report, at)
    adv = publishing.publish_advisory(report, now=at)
    record(report, "state:imported")
    _link_groupings_for(report)
    return f"{nr.source_id} → {adv.public_id}"


def _import_avid_grouping(g: avid.AvidGrouping) -> str:
    inc = Incident.objects.filter(source_id=g.vuln_id, grouping=True).first()
    if inc is not None:
        raise _Skip(f"{g.vuln_id} is already imported")
    inc = Incident.objects.create(title=g.title[:200] or g.vuln_id, summary=g.description, grouping=True,
                                  source_id=g.vuln_id, original=to_jsonable(dict(g.original)),
                                  unknown_fields=to_jsonable(dict(g.unknown_fields)),
                                  timeline=[{"at": g.published.isoformat(), "text": "Published in AVID"}]
                                  if g.published else [])
    grouped = list(Report.objects.filter(source_id__in=g.report_ids, incident__isnull=True))
    for report in grouped:
        report.incident = inc
    Report.objects.bulk_update(grouped, ["incident"])
    record_many(grouped, "update")
    linked = len(grouped)
    return f"{g.vuln_id} → incident {inc.pk} grouping {linked} of {len(g.report_ids)} reports"


def _link_groupings_for(report: Report) -> None:
    for inc in Incident.objects.filter(grouping=True, source_id__startswith="AVID"):
        ids = {str(r.get("report_id")) for r in inc.original.get("reports", []) if isinstance(r, dict)}
        if report.source_id in ids:
            report.incident = inc
            report.save(update_fields=["incident"])
            return


def _import_flare(nr: NeutralReport) -> str:
    if nr.source_id and Report.objects.filter(source_id=nr.source_id, source_format=nr.source_format).exists():
        raise _Skip(f"{nr.source_id} is already imported")
    at = timezone.now()
    report = report_from_neutral(nr, at=at)
    case = Case.objects.create(report=report, opened_at=at)
    vendors = set()
    if not nr.csam_involved:
        for a in nr.affected:
            if a.vendor:
                org = Organisation.objects.filter(Q(name__iexact=a.vendor) | Q(slug__iexact=a.vendor),
                                                  kind="developer").first()
                if org is not None and org.pk not in vendors:
                    vendors.add(org.pk)
                    Participant.objects.create(case=case, vendor=org, severity=report.severity, received_at=at)
        from redline.disclosure.intake import reserve_public_id

        reserve_public_id(report, at)
    record(report, "state:received")
    return f"{report.ref} with {len(vendors)} vendor(s)"


class _Skip(Exception):
    pass


def _one(path: Path, reader: Callable[[Path], object], store: Callable[[object], str]) -> FileResult:
    try:
        parsed = reader(path)
        with transaction.atomic():
            detail = store(parsed)
    except _Skip as exc:
        return FileResult(str(path), "skipped", str(exc))
    except (ImportFailed, InvalidInput) as exc:
        return FileResult(str(path), "skipped", str(exc))
    return FileResult(str(path), "imported", detail)


def expand(paths: Iterable[str | Path], suffix: str = ".json") -> list[Path]:
    """Files, and every ``*.json`` under folders, sorted; missing paths raise InvalidInput."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(x for x in p.rglob(f"*{suffix}") if x.is_file())
        elif p.is_file():
            out.append(p)
        else:
            raise InvalidInput(p, "no such file or folder")
    return out


def import_avid(paths: Iterable[str | Path], progress: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Import AVID reports and vulnerability records; vulnerabilities group reports in either order."""
    results = []
    for path in expand(paths):
        def store(parsed):
            if isinstance(parsed, avid.AvidGrouping):
                return _import_avid_grouping(parsed)
            return _import_avid_report(parsed)

        r = _one(path, avid.read_avid_file, store)
        results.append(r)
        if progress:
            progress(r)
    return results


def import_flare(path: str | Path) -> FileResult:
    p = Path(path)
    return _one(p, lambda x: flare.read_flare(read_path(x), source=str(x)), _import_flare)
