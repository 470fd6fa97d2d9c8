"""Verdicts of red lines against evidence (DESIGN §3.5), with uncertainty made explicit.

For a "≥ threshold" test (``Direction.GE``):

- **invalid** when the evidence cannot bear on the test: failed run, wrong task,
  metric, scorer or model, no samples at all;
- **crossed** when the point estimate reaches the threshold;
- **not crossed** only when the upper bound of the interval (Wilson for pass/fail,
  percentile bootstrap for graded scores, normal for an aggregate with a standard
  error) is below the alert threshold (or the threshold when none is set) *and* the
  scored sample count, elicitation level, unscored fraction and evidence age all meet
  the red line's minimums;
- **inconclusive** otherwise, with every reason that applies.

``Direction.LE`` mirrors this for "lower is worse" metrics (e.g. a refusal rate): crossed
when the estimate is at or below the threshold, not crossed only when the lower bound
is above the alert. A negative result from weak evidence is never "safe".
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from redline.core.errors import InvalidInput
from redline.core.evidence.elicitation import Elicitation, ElicitationLevel, meets
from redline.core.evidence.model_names import ModelCheck, check_model
from redline.core.evidence.record import EvidenceRecord
from redline.core.stats import Interval, bootstrap_mean_interval, is_binary, normal_interval, wilson_interval


class Direction(enum.Enum):
    """Which side of the threshold is dangerous."""

    GE = "ge"  # higher is worse: crossed when estimate ≥ threshold
    LE = "le"  # lower is worse: crossed when estimate ≤ threshold


class InconclusivePolicy(enum.Enum):
    """What an inconclusive verdict means for a deployment decision (see redline.core.gate)."""

    TREAT_AS_CROSSED = "treat_as_crossed"
    REQUIRE_MORE_PRECISE = "require_more_precise"
    BLOCK = "block"


class CommittedAction(enum.Enum):
    """The action a developer commits to when a red line is crossed."""

    NO_OPEN_WEIGHTS = "no_open_weights"
    API_ONLY_WITH_SAFEGUARDS = "api_only_with_safeguards"
    PAUSE_DEPLOYMENT = "pause_deployment"
    HALT_DEVELOPMENT = "halt_development"


class VerdictStatus(enum.Enum):
    CROSSED = "crossed"
    NOT_CROSSED = "not_crossed"
    INCONCLUSIVE = "inconclusive"
    INVALID = "invalid"


class ReasonCode(enum.Enum):
    """Machine-readable reasons; each verdict lists one or more with human text."""

    REACHES_THRESHOLD = "reaches_threshold"
    BOUND_CLEARS_ALERT = "bound_clears_alert"
    INTERVAL_STRADDLES = "interval_straddles"
    NO_INTERVAL = "no_interval"
    TOO_FEW_SAMPLES = "too_few_samples"
    WEAK_ELICITATION = "weak_elicitation"
    STALE_EVIDENCE = "stale_evidence"
    TOO_MANY_UNSCORED = "too_many_unscored"
    WRONG_TASK = "wrong_task"
    WRONG_METRIC = "wrong_metric"
    WRONG_MODEL = "wrong_model"
    FAILED_RUN = "failed_run"
    NO_SAMPLES = "no_samples"


@dataclass(frozen=True)
class RedLineTest:
    """The measurable part of a red line: which test, which threshold, which minimums."""

    task: str
    metric: str
    threshold: float
    direction: Direction = Direction.GE
    alert: float | None = None
    scorer: str | None = None
    min_samples: int = 0
    min_elicitation: ElicitationLevel = ElicitationLevel.NONE
    max_unscored: float = 0.05
    validity_days: int | None = 365
    inconclusive_policy: InconclusivePolicy = InconclusivePolicy.TREAT_AS_CROSSED
    action: CommittedAction = CommittedAction.NO_OPEN_WEIGHTS

    def __post_init__(self) -> None:
        if not math.isfinite(self.threshold):
            raise InvalidInput("threshold must be a finite number")
        if self.alert is not None:
            if not math.isfinite(self.alert):
                raise InvalidInput("alert must be a finite number")
            if self.direction is Direction.GE and self.alert > self.threshold:
                raise InvalidInput(
                    f"alert {self.alert} must not exceed threshold {self.threshold} for a ≥ test"
                )
            if self.direction is Direction.LE and self.alert < self.threshold:
                raise InvalidInput(
                    f"alert {self.alert} must not be below threshold {self.threshold} for a ≤ test"
                )
        if self.min_samples < 0:
            raise InvalidInput("min_samples must not be negative")
        if not 0.0 <= self.max_unscored <= 1.0:
            raise InvalidInput(f"max_unscored must lie in [0, 1], got {self.max_unscored}")
        if self.validity_days is not None and self.validity_days <= 0:
            raise InvalidInput("validity_days must be positive")

    @property
    def margin_line(self) -> float:
        """The alert threshold when set, else the threshold: the bound must clear this."""
        return self.threshold if self.alert is None else self.alert

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (enums as values), e.g. for canonical JSON and signatures."""
        return {
            "task": self.task,
            "metric": self.metric,
            "scorer": self.scorer,
            "threshold": self.threshold,
            "direction": self.direction.value,
            "alert": self.alert,
            "min_samples": self.min_samples,
            "min_elicitation": self.min_elicitation.value,
            "max_unscored": self.max_unscored,
            "validity_days": self.validity_days,
            "inconclusive_policy": self.inconclusive_policy.value,
            "action": self.action.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RedLineTest:
        """Inverse of :meth:`as_dict`; InvalidInput names the bad field."""
        try:
            return cls(
                task=str(data["task"]),
                metric=str(data["metric"]),
                scorer=data.get("scorer"),
                threshold=float(data["threshold"]),
                direction=Direction(data.get("direction", "ge")),
                alert=None if data.get("alert") is None else float(data["alert"]),
                min_samples=int(data.get("min_samples", 0)),
                min_elicitation=ElicitationLevel.parse(data.get("min_elicitation", "none")),
                max_unscored=float(data.get("max_unscored", 0.05)),
                validity_days=None if data.get("validity_days") is None else int(data["validity_days"]),
                inconclusive_policy=InconclusivePolicy(data.get("inconclusive_policy", "treat_as_crossed")),
                action=CommittedAction(data.get("action", "no_open_weights")),
            )
        except KeyError as exc:
            raise InvalidInput("red line", f"missing field {exc.args[0]!r}") from None
        except (TypeError, ValueError) as exc:
            raise InvalidInput("red line", str(exc)) from None


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    text: str


@dataclass(frozen=True)
class Verdict:
    """The outcome of one red line against one evidence record, with all it rests on."""

    status: VerdictStatus
    reasons: tuple[Reason, ...]
    estimate: float | None
    interval: Interval | None
    n: int | None
    unscored: int
    errored: int
    unscored_fraction: float
    threshold: float
    alert: float | None
    direction: Direction
    confidence: float
    valid_until: dt.datetime | None
    evidence_sha256: str = ""
    task: str = ""
    metric: str = ""
    elicitation_level: ElicitationLevel | None = None
    model_check: ModelCheck | None = None  # set when the verdict was asked for a model
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def codes(self) -> list[ReasonCode]:
        return [r.code for r in self.reasons]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the keys ``redline verdict --json`` prints."""
        return {
            "verdict": self.status.value,
            "estimate": self.estimate,
            "interval": self.interval.as_list() if self.interval else None,
            "interval_method": self.interval.method if self.interval else None,
            "confidence": self.confidence,
            "n": self.n,
            "unscored": self.unscored,
            "errored": self.errored,
            "unscored_fraction": self.unscored_fraction,
            "threshold": self.threshold,
            "alert": self.alert,
            "direction": self.direction.value,
            "reasons": [r.text for r in self.reasons],
            "reason_codes": [r.code.value for r in self.reasons],
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "elicitation_level": self.elicitation_level.value if self.elicitation_level else None,
            "task": self.task,
            "metric": self.metric,
            "evidence_sha256": self.evidence_sha256,
            "evidence_model": self.model_check.source if self.model_check else None,
            "model_match": self.model_check.match.value if self.model_check else None,
            "model_alias": self.model_check.alias if self.model_check else None,
        }


def interval_for(evidence: EvidenceRecord, confidence: float = 0.95) -> Interval | None:
    """The interval the verdict uses: Wilson, bootstrap or normal, or ``None`` when none can be had."""
    scored = evidence.scored_values
    if scored:
        if is_binary(scored):
            return wilson_interval(int(sum(scored)), len(scored), confidence)
        return bootstrap_mean_interval(scored, confidence)
    if evidence.successes is not None and evidence.n:
        return wilson_interval(evidence.successes, evidence.n, confidence)
    if evidence.estimate is not None and evidence.stderr is not None:
        return normal_interval(evidence.estimate, evidence.stderr, confidence)
    return None


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def red_line_verdict(
    red_line: RedLineTest,
    evidence: EvidenceRecord,
    *,
    now: dt.datetime | None = None,
    confidence: float = 0.95,
    model: str | None = None,
    model_aliases: Mapping[str, str] | None = None,
    model_names: Iterable[str] = (),
    elicitation: Elicitation | ElicitationLevel | None = None,
    valid_until: dt.datetime | None = None,
) -> Verdict:
    """Decide ``red_line`` against ``evidence`` as DESIGN §3.5 says.

    ``model``, when given, is the model the red line is being checked for; evidence
    about another model is invalid unless ``model_aliases`` maps the file's model name
    to it (see :func:`redline.core.evidence.model_names.check_model`; ``model_names`` are
    the model's other names, e.g. its slug). ``elicitation`` overrides the record's own
    elicitation (e.g. from the CLI's ``--elicitation``). ``valid_until`` is the evidence's
    own expiry (the validity window it was imported with); the earlier of it and the red
    line's ``validity_days`` after the run applies.
    """
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    recorded = evidence.elicitation_record()
    if isinstance(elicitation, ElicitationLevel):
        # A level given by the caller replaces the assessed level but keeps the record's other fields.
        elicitation = replace(recorded, level=elicitation) if recorded else Elicitation(level=elicitation)
    elicit = elicitation if elicitation is not None else recorded
    level = elicit.assessed_level() if elicit is not None else None
    own_until = valid_until if valid_until is None or valid_until.tzinfo else valid_until.replace(tzinfo=dt.UTC)
    valid_until = None
    if red_line.validity_days is not None and evidence.run_at is not None:
        run_at = evidence.run_at if evidence.run_at.tzinfo else evidence.run_at.replace(tzinfo=dt.UTC)
        valid_until = run_at + dt.timedelta(days=red_line.validity_days)
    if own_until is not None and (valid_until is None or own_until < valid_until):
        valid_until = own_until
    checked = check_model(evidence.model, model, model_aliases, model_names) if model is not None else None

    def make(
        status: VerdictStatus, reasons: list[Reason], interval: Interval | None, estimate: float | None
    ) -> Verdict:
        return Verdict(
            status=status,
            reasons=tuple(reasons),
            estimate=estimate,
            interval=interval,
            n=evidence.n,
            unscored=evidence.unscored,
            errored=evidence.errored,
            unscored_fraction=evidence.unscored_fraction,
            threshold=red_line.threshold,
            alert=red_line.alert,
            direction=red_line.direction,
            confidence=confidence,
            valid_until=valid_until,
            evidence_sha256=evidence.sha256,
            task=evidence.task,
            metric=evidence.metric,
            elicitation_level=level,
            model_check=checked,
        )

    invalid = _invalid_reasons(red_line, evidence, checked)
    if invalid:
        return make(VerdictStatus.INVALID, invalid, None, evidence.estimate)

    interval = interval_for(evidence, confidence)
    estimate = interval.estimate if interval is not None else evidence.estimate
    ge = red_line.direction is Direction.GE
    line = red_line.margin_line

    if estimate is not None and (estimate >= red_line.threshold if ge else estimate <= red_line.threshold):
        sign = "≥" if ge else "≤"
        text = f"estimate {_fmt(estimate)} {sign} threshold {_fmt(red_line.threshold)}"
        return make(VerdictStatus.CROSSED, [Reason(ReasonCode.REACHES_THRESHOLD, text)], interval, estimate)

    reasons: list[Reason] = []
    pct = f"{confidence:.0%}"
    if interval is None:
        reasons.append(
            Reason(
                ReasonCode.NO_INTERVAL,
                "no interval: the evidence has neither per-sample scores, counts nor a stderr",
            )
        )
    else:
        bound = interval.upper if ge else interval.lower
        clears = bound < line if ge else bound > line
        what = "alert threshold" if red_line.alert is not None else "threshold"
        if not clears:
            side = "upper" if ge else "lower"
            reasons.append(
                Reason(
                    ReasonCode.INTERVAL_STRADDLES,
                    f"{pct} {interval.method} interval [{_fmt(interval.lower)}, {_fmt(interval.upper)}] "
                    f"reaches the {what} {_fmt(line)} ({side} bound {_fmt(bound)})",
                )
            )
    if evidence.n is None:
        if red_line.min_samples > 0:
            reasons.append(
                Reason(
                    ReasonCode.TOO_FEW_SAMPLES,
                    f"sample count unknown; at least {red_line.min_samples} required",
                )
            )
    elif evidence.n < red_line.min_samples:
        reasons.append(
            Reason(
                ReasonCode.TOO_FEW_SAMPLES,
                f"{evidence.n} scored samples; at least {red_line.min_samples} required",
            )
        )
    if evidence.unscored_fraction > red_line.max_unscored:
        reasons.append(
            Reason(
                ReasonCode.TOO_MANY_UNSCORED,
                f"{evidence.unscored + evidence.errored} of {evidence.total} samples unscored or errored "
                f"({evidence.unscored_fraction:.1%}); at most {red_line.max_unscored:.1%} allowed",
            )
        )
    if not meets(level, red_line.min_elicitation):
        shown = level.value if level else "not recorded"
        reasons.append(
            Reason(
                ReasonCode.WEAK_ELICITATION,
                f"elicitation {shown}; the red line requires at least {red_line.min_elicitation.value}",
            )
        )
    if (
        elicit is not None
        and elicit.threat_actor_estimate is not None
        and not meets(level, elicit.threat_actor_estimate)
    ):
        reasons.append(
            Reason(
                ReasonCode.WEAK_ELICITATION,
                f"elicitation {level.value if level else 'not recorded'} is below what a threat actor "
                f"could apply ({elicit.threat_actor_estimate.value})",
            )
        )
    if valid_until is not None and now > valid_until:
        reasons.append(
            Reason(ReasonCode.STALE_EVIDENCE, f"stale: the evidence expired on {valid_until.date().isoformat()}")
        )
    elif red_line.validity_days is not None and evidence.run_at is None:
        reasons.append(
            Reason(ReasonCode.STALE_EVIDENCE, "the evidence has no run date, so its validity is unknown")
        )
    if reasons:
        return make(VerdictStatus.INCONCLUSIVE, reasons, interval, estimate)
    assert interval is not None
    bound = interval.upper if ge else interval.lower
    what = "alert threshold" if red_line.alert is not None else "threshold"
    text = (
        f"{pct} {interval.method} {'upper' if ge else 'lower'} bound {_fmt(bound)} "
        f"{'<' if ge else '>'} {what} {_fmt(line)}"
    )
    return make(VerdictStatus.NOT_CROSSED, [Reason(ReasonCode.BOUND_CLEARS_ALERT, text)], interval, estimate)


def _invalid_reasons(red_line: RedLineTest, evidence: EvidenceRecord, checked: ModelCheck | None) -> list[Reason]:
    reasons: list[Reason] = []
    if evidence.failed:
        detail = f": {evidence.run_error}" if evidence.run_error else ""
        reasons.append(
            Reason(ReasonCode.FAILED_RUN, f"the run did not complete (status {evidence.run_status}){detail}")
        )
    if not _same(evidence.task, red_line.task):
        reasons.append(
            Reason(ReasonCode.WRONG_TASK, f"evidence is for task {evidence.task!r}, not {red_line.task!r}")
        )
    if not _same(evidence.metric, red_line.metric) or (
        red_line.scorer and not _same(evidence.scorer, red_line.scorer)
    ):
        reasons.append(
            Reason(
                ReasonCode.WRONG_METRIC, f"evidence measures {evidence.label()!r}, not {red_line.metric!r}"
            )
        )
    if checked is not None and not checked.ok:
        reasons.append(
            Reason(
                ReasonCode.WRONG_MODEL,
                f"evidence is for model {checked.source!r}, not {checked.model!r}, and no mapping from that "
                "name is declared",
            )
        )
    if not reasons and evidence.total == 0 and evidence.estimate is None:
        reasons.append(Reason(ReasonCode.NO_SAMPLES, "the evidence holds no samples and no estimate"))
    return reasons
