"""Evidence services: import evaluation files and campaigns, store and recompute verdicts.

An import reads the whole file with the core reader first (pure, no database), then writes
every record in one transaction, so a file that fails to read or write leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from redline.accounts.models import Organisation
from redline.accounts.policy import Action, can
from redline.commitments.models import CommitmentKind, CommitmentVersion
from redline.commitments.specs import core_from_spec
from redline.core.commitments import CommitmentState
from redline.core.errors import ImportFailed, InvalidInput, PermissionDenied
from redline.core.evidence import (
    ElicitationLevel,
    EvidenceRecord,
    ModelCheck,
    ModelMatch,
    check_model,
    parse_aliases,
    read_campaign,
    read_evidence,
)
from redline.core.evidence.campaign import Campaign, CampaignAttempt
from redline.core.files import ZipLimits
from redline.core.safeguard import SafeguardResult, SafeguardTest, assess_safeguard
from redline.core.verdict import Verdict
from redline.evidence.models import Evaluation, SafeguardCampaign, StoredVerdict, pack_scores
from redline.evidence.serializers import campaign_dict, evaluation_dict
from redline.evidence.signals import evaluations_stored
from redline.registry.models import AIModel

#: CLI and form names of the formats, mapped to the core's kinds.
KINDS = {"inspect": "inspect", "lm-eval": "lm_eval", "lm_eval": "lm_eval", "garak": "garak", "campaign": "campaign"}
DEFAULT_VALIDITY_DAYS = 365
DEFAULT_TOLERANCE = 0.05


@dataclass
class ImportResult:
    evaluations: list[Evaluation]
    campaigns: list[SafeguardCampaign]
    verdicts: list[StoredVerdict]
    sha256: str
    warnings: list[str] = field(default_factory=list)  # accepted, but worth saying (e.g. already stale)

    def summary(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "evaluations": [evaluation_dict(e) for e in self.evaluations],
            "campaigns": [campaign_dict(c) for c in self.campaigns],
            "verdicts": [verdict_dict(v) for v in self.verdicts],
            "warnings": self.warnings,
        }


def _kind(kind: str | None) -> str | None:
    if kind is None or kind == "":
        return None
    try:
        return KINDS[kind.strip().lower()]
    except KeyError:
        raise InvalidInput("kind", f"must be one of inspect, lm-eval, garak, campaign (got {kind!r})") from None


def _elicitation(record: EvidenceRecord, level: str | None, extra: dict[str, Any] | None) -> dict[str, Any]:
    data = dict(record.elicitation or {})
    data.update({k: v for k, v in (extra or {}).items() if v not in (None, "", [], ())})
    if level:
        data["level"] = ElicitationLevel.parse(level).value
    return data


def import_file(user, model: AIModel, path: str | os.PathLike[str], *, kind: str | None = None,
                elicitation_level: str | None = None, elicitation: dict[str, Any] | None = None,
                ran_by: Organisation | None = None, tolerance: float = DEFAULT_TOLERANCE,
                validity_days: int | None = DEFAULT_VALIDITY_DAYS, filename: str | None = None,
                model_alias: str | Iterable[str] | dict[str, str] | None = None,
                progress: Callable[[str], None] | None = None) -> ImportResult:
    """Read ``path`` and store what it holds for ``model``; nothing is written when anything fails.

    The file's own model must be ``model`` (see :mod:`redline.core.evidence.model_names`) unless
    ``model_alias`` declares the mapping (``{"mockllm/model": "ORG/NAME"}`` or ``"mockllm/model=ORG/NAME"``);
    a declared mapping is stored with the evidence. Evidence already past its validity window is
    stored with a warning in :attr:`ImportResult.warnings`.
    """
    if not can(user, Action.UPDATE, model):
        raise PermissionDenied("you may not import evidence for this model")
    chosen = _kind(kind)
    aliases = dict(model_alias) if isinstance(model_alias, dict) else parse_aliases(model_alias)
    for source, target in aliases.items():
        if target.strip().lower() != model.full_slug.lower():
            raise InvalidInput("model_alias", f"{source}={target} maps to {target}, but the file is being filed "
                                              f"under {model.full_slug}")
    if elicitation_level:
        ElicitationLevel.parse(elicitation_level)
    if elicitation:
        from redline.core.evidence import Elicitation

        unknown = sorted(set(elicitation) - set(Elicitation.__dataclass_fields__))
        if unknown:
            raise InvalidInput("elicitation", f"unknown field(s) {', '.join(unknown)}")
        Elicitation.from_mapping(elicitation)  # InvalidInput names the bad field
    if not 0.0 <= tolerance <= 1.0:
        raise InvalidInput("tolerance", "must lie in [0, 1]")
    if validity_days is not None and validity_days <= 0:
        raise InvalidInput("validity_days", "must be positive")
    say = progress or (lambda _msg: None)
    say("reading")
    if chosen is None:
        chosen = _kind_from_name(Path(path).name)
    if chosen is None:
        from redline.core.evidence import sniff_kind

        chosen = sniff_kind(path)  # reads the file; for JSON the whole document
    name = filename or Path(path).name
    if chosen == "campaign":
        campaign = read_campaign(path)
        checks = [_checked(name, model, m, aliases) for m in sorted({a.model for a in campaign.attempts if a.model})]
        say("writing")
        return _store_campaign(user, model, campaign, tolerance=tolerance, ran_by=ran_by, filename=filename,
                               checks=checks)
    records = read_evidence(path, chosen, limits=zip_limits())
    if not records:
        raise ImportFailed(Path(path).name, "the file holds no measurements")
    checks = [_checked(name, model, r.model, aliases) for r in records]
    say("writing")
    return _store_records(user, model, records, elicitation_level=elicitation_level, elicitation=elicitation,
                          ran_by=ran_by, validity_days=validity_days, filename=filename, checks=checks)


def _checked(filename: str, model: AIModel, source: str | None, aliases: dict[str, str]) -> ModelCheck:
    """The model check of one record, or InvalidInput naming the mapping that would make it acceptable."""
    check = check_model(source, model.full_slug, aliases, (model.slug, model.name))
    if not check.ok:
        raise InvalidInput("model_alias", f"{filename} is about model {source!r}, not {model.full_slug}. If it is "
                                          f"this model under another name, declare the mapping "
                                          f"{source}={model.full_slug}")
    return check


def _alias_of(checks: list[ModelCheck]) -> str:
    return ", ".join(dict.fromkeys(c.alias for c in checks if c.match is ModelMatch.ALIAS and c.alias))


def zip_limits() -> ZipLimits:
    """What an uploaded or imported archive may unpack to (``REDLINE_MAX_ARCHIVE_*`` settings)."""
    return ZipLimits(max_member_bytes=settings.MAX_ARCHIVE_MEMBER_BYTES,
                     max_total_bytes=settings.MAX_ARCHIVE_UNPACKED_BYTES,
                     max_members=settings.MAX_ARCHIVE_MEMBERS)


def _kind_from_name(name: str) -> str | None:
    """The kind a file name alone settles (so large files need no sniffing), else None."""
    lower = name.lower()
    if lower.endswith(".eval"):
        return "inspect"
    if lower.endswith(".csv"):
        return "campaign"
    if lower.endswith(".report.jsonl"):
        return "garak"
    return None


def import_upload(user, model: AIModel, upload, **kwargs: Any) -> ImportResult:
    """Import a Django ``UploadedFile`` (kept under its own suffix so the reader can tell its kind)."""
    name = os.path.basename(upload.name or "upload")
    suffix = "".join(Path(name).suffixes[-2:]) if name.endswith(".report.jsonl") else Path(name).suffix
    with tempfile.TemporaryDirectory(prefix="redline-upload-") as tmp:
        target = Path(tmp) / (Path(name).name or f"upload{suffix}")
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_file(user, model, target, filename=name, **kwargs)


@transaction.atomic
def _store_records(user, model: AIModel, records: list[EvidenceRecord], *, elicitation_level: str | None,
                   elicitation: dict[str, Any] | None, ran_by: Organisation | None, validity_days: int | None,
                   filename: str | None, checks: list[ModelCheck]) -> ImportResult:
    now = timezone.now()
    actor = user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None
    evaluations, warnings = [], []
    for record, check in zip(records, checks, strict=True):
        elicit = _elicitation(record, elicitation_level, elicitation)
        level = ""
        if elicit:
            from redline.core.evidence import Elicitation

            level = Elicitation.from_mapping(elicit).assessed_level().value
        run_at = record.run_at
        valid_until = None
        if validity_days is not None:
            valid_until = (run_at or now) + dt.timedelta(days=validity_days)
            if valid_until < now:
                warnings.append(f"{record.label()}: the run of {run_at.date().isoformat()} was valid for "
                                f"{validity_days} days, until {valid_until.date().isoformat()}, so it is already "
                                "stale; it is stored, and verdicts on it read inconclusive (stale evidence)")
        evaluations.append(Evaluation.objects.create(
            model=model, task=record.task[:200], metric=record.metric[:100], scorer=(record.scorer or "")[:200],
            source_format=record.source_format.value, source_model=(record.model or "")[:300],
            model_alias=_alias_of([check])[:700], n=record.n,
            successes=record.successes, unscored=record.unscored, errored=record.errored, epochs=record.epochs,
            estimate=record.estimate, stderr=record.stderr, scores=pack_scores(record.scores), elicitation=elicit,
            elicitation_level=level, run_status=record.run_status or "", run_error=record.run_error or "",
            run_at=run_at, run_metadata=_jsonable(record.run_metadata), ran_by_org=ran_by, imported_by=actor,
            filename=(filename or record.filename)[:255], sha256=record.sha256, imported_at=now,
            valid_until=valid_until))
    verdicts = recompute_for_evaluations(model, evaluations)
    evaluations_stored.send(sender=Evaluation, model=model, evaluations=evaluations)
    for v in verdicts:
        stale = [r for r, code in zip(v.data.get("reasons", []), v.data.get("reason_codes", []), strict=False)
                 if code == "stale_evidence"]
        if stale and v.evaluation.is_current(now):  # stale by the red line's own window
            warnings.append(f"the verdict of {v.version.commitment.name!r} v{v.version.number} is inconclusive: "
                            f"{stale[0]}")
    return ImportResult(evaluations, [], verdicts, records[0].sha256, warnings)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@transaction.atomic
def _store_campaign(user, model: AIModel, campaign: Campaign, *, tolerance: float, ran_by: Organisation | None,
                    filename: str | None, checks: list[ModelCheck] = ()) -> ImportResult:
    result = assess_safeguard(SafeguardTest(campaign.name, tolerance), campaign)
    actor = user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None
    stored = SafeguardCampaign.objects.create(
        model=model, safeguard=campaign.name[:200], tolerance=tolerance, attempts=result.attempts,
        judged=result.judged, unscored=result.unscored, attack_succeeded=result.successes,
        monitor_flagged=result.detected_successes, passed=result.passed, result=result.as_dict(),
        source_model=", ".join(c.source for c in checks if c.source)[:300], model_alias=_alias_of(list(checks))[:700],
        filename=(filename or campaign.filename)[:255], sha256=campaign.sha256, ran_by_org=ran_by,
        imported_by=actor)
    evaluations_stored.send(sender=SafeguardCampaign, model=model, evaluations=[])
    return ImportResult([], [stored], [], campaign.sha256)


def campaign_from_counts(stored: SafeguardCampaign) -> Campaign:
    """Rebuild an equivalent campaign from the stored counts, to re-assess it (e.g. another tolerance)."""
    detected = stored.monitor_flagged
    undetected = stored.attack_succeeded - detected
    failed = stored.judged - stored.attack_succeeded
    attempts = ([CampaignAttempt(True, True)] * detected + [CampaignAttempt(True, False)] * undetected
                + [CampaignAttempt(False, False)] * failed + [CampaignAttempt(None, None)] * stored.unscored)
    return Campaign(attempts=tuple(attempts), filename=stored.filename, sha256=stored.sha256)


def safeguard_result(stored: SafeguardCampaign) -> SafeguardResult:
    return assess_safeguard(SafeguardTest(stored.safeguard, stored.tolerance), campaign_from_counts(stored))


def latest_campaigns(model: AIModel) -> list[SafeguardCampaign]:
    """The most recent campaign for each safeguard of ``model``."""
    seen: dict[str, SafeguardCampaign] = {}
    for c in model.safeguard_campaigns.order_by("-imported_at", "-pk"):
        seen.setdefault(c.safeguard, c)
    return sorted(seen.values(), key=lambda c: c.safeguard)


# --- verdicts ------------------------------------------------------------------------------


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def applies(spec: dict[str, Any], evaluation: Evaluation) -> bool:
    """True when ``evaluation`` measures the red line's task and metric (and scorer, when it names one)."""
    return (_same(spec.get("task"), evaluation.task) and _same(spec.get("metric"), evaluation.metric)
            and (not spec.get("scorer") or _same(spec.get("scorer"), evaluation.scorer)))


def choose_evidence(spec: dict[str, Any], evaluations: Iterable[Evaluation],
                    now: dt.datetime | None = None) -> Evaluation | None:
    """The latest current, completed evaluation for the red line; else the latest one at all."""
    matching = [e for e in evaluations if applies(spec, e)]
    if not matching:
        return None
    matching.sort(key=lambda e: (e.imported_at, e.pk), reverse=True)
    for e in matching:
        if not e.failed and e.is_current(now):
            return e
    return matching[0]


def compute_verdict(version: CommitmentVersion, evaluation: Evaluation, now: dt.datetime | None = None) -> Verdict:
    return evaluation.verdict(core_from_spec(version.spec).test, now=now)


def _store(version: CommitmentVersion, evaluation: Evaluation, verdict: Verdict) -> StoredVerdict:
    data = verdict.as_dict()
    stored, _ = StoredVerdict.objects.update_or_create(
        version=version, evaluation=evaluation,
        defaults={"status": verdict.status.value, "estimate": verdict.estimate,
                  "lower": verdict.interval.lower if verdict.interval else None,
                  "upper": verdict.interval.upper if verdict.interval else None,
                  "reasons": data["reasons"], "data": data, "computed_at": timezone.now()})
    return stored


def active_red_lines(model: AIModel) -> list[CommitmentVersion]:
    """Red-line versions that bind the model now (in force), or are approved and waiting to enter it."""
    return list(CommitmentVersion.objects.filter(
        commitment__model=model, commitment__kind=CommitmentKind.RED_LINE,
        state__in=[CommitmentState.IN_FORCE.value, CommitmentState.APPROVED.value]).select_related("commitment"))


def recompute_for_evaluations(model: AIModel, evaluations: list[Evaluation]) -> list[StoredVerdict]:
    out = []
    for version in active_red_lines(model):
        for evaluation in evaluations:
            if applies(version.spec, evaluation):
                out.append(_store(version, evaluation, compute_verdict(version, evaluation)))
    return out


def recompute_for_version(version: CommitmentVersion) -> list[StoredVerdict]:
    model = version.commitment.model
    return [_store(version, e, compute_verdict(version, e))
            for e in model.evaluations.all() if applies(version.spec, e)]


@transaction.atomic
def recompute_model(model: AIModel) -> int:
    """Recompute every stored verdict of ``model`` (e.g. after evidence expired)."""
    count = 0
    for version in active_red_lines(model):
        count += len(recompute_for_version(version))
    return count


# --- JSON shapes ----------------------------------------------------------------------------






def verdict_dict(v: StoredVerdict) -> dict[str, Any]:
    return {"red_line": v.version.commitment.name, "version": v.version.number, "evaluation": v.evaluation_id,
            "verdict": v.status, "estimate": v.estimate,
            "interval": None if v.lower is None else [v.lower, v.upper], "reasons": v.reasons,
            "evidence_sha256": v.evaluation.sha256, "evidence_model": v.data.get("evidence_model"),
            "model_match": v.data.get("model_match"), "model_alias": v.data.get("model_alias"),
            "computed_at": v.computed_at.isoformat()}
