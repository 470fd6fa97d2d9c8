"""The clocks' due dates as SQL expressions, so a queue sorts and pages every case in one query.

They restate, for the database, two rules that live in the pure core and stay the reference:
:func:`step_due` is the due date of the step :func:`redline.core.disclosure.actions.next_steps` expects of
a participation, :func:`owed_due` the earliest deadline a participation still owes (the dashboard's
:func:`redline.site.dashboard.disclosure.next_deadline`), :func:`embargo_due` the case's own deadline.
Tests check each expression against its Python rule. A missing date sorts last (:data:`FAR`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Case as Choose
from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from redline.core.disclosure.clocks import CLOCK_TARGETS
from redline.core.disclosure.embargo import BINDING_STATES, EmbargoState
from redline.core.disclosure.flags import Flag
from redline.disclosure.models import Participant

#: Stands for "no due date": later than any real one, so such rows sort last.
FAR = datetime(9999, 12, 31, tzinfo=UTC)
OPEN_STATES = ("received", "valid", "accepted")


def _far() -> Value:
    return Value(FAR, output_field=DateTimeField())


def _after_receipt(target: str, prefix: str = "") -> Choose:
    """``received_at`` plus the severity tier's ``target`` (acknowledge, triage or fix)."""
    return Choose(*[When(**{f"{prefix}severity": sev.value},
                         then=ExpressionWrapper(F(f"{prefix}received_at")
                                                + Value(getattr(tier, target), output_field=DurationField()),
                                                output_field=DateTimeField()))
                    for sev, tier in CLOCK_TARGETS.items()], output_field=DateTimeField())


def step_due(prefix: str = "") -> Choose:
    """The due date of the participation's next expected step (none once a fix is ready, or on the CSAM path)."""
    aware = Q(**{f"{prefix}flags__contains": Flag.VENDOR_AWARE.value})
    fixed = Q(**{f"{prefix}flags__contains": Flag.FIX_READY.value})
    state = f"{prefix}state"
    return Choose(
        When(Q(**{f"{prefix}case__report__csam_path": True}), then=_far()),
        When(Q(**{state: "received"}) & ~aware, then=_after_receipt("acknowledge", prefix)),
        When(Q(**{state: "received"}) | Q(**{state: "valid"}), then=_after_receipt("triage", prefix)),
        When(Q(**{state: "accepted"}) & ~fixed, then=_after_receipt("fix", prefix)),
        default=_far(), output_field=DateTimeField())


def owed_due(prefix: str = "") -> Choose:
    """The earliest acknowledge, triage or fix deadline an open participation has not met.

    Every tier's targets grow in that order, so the earliest owed one is the first not yet done.
    """
    return Choose(
        When(~Q(**{f"{prefix}state__in": OPEN_STATES}), then=_far()),
        When(Q(**{f"{prefix}acknowledged_at__isnull": True}), then=_after_receipt("acknowledge", prefix)),
        When(Q(**{f"{prefix}triaged_at__isnull": True}), then=_after_receipt("triage", prefix)),
        When(Q(**{f"{prefix}fix_ready_at__isnull": True}), then=_after_receipt("fix", prefix)),
        default=_far(), output_field=DateTimeField())


def embargo_due(prefix: str = "") -> Least:
    """The case's earliest embargo deadline: an answer to a proposal or a revision, or a binding embargo's end."""
    state, ends, proposed = f"{prefix}embargo_state", f"{prefix}embargo_ends_at", f"{prefix}embargo_proposed_end"
    answer = Choose(When(Q(**{state: EmbargoState.PROPOSED.value}), then=Coalesce(F(ends), _far())),
                    When(Q(**{state: EmbargoState.REVISE.value}), then=Coalesce(F(proposed), _far())),
                    default=_far(), output_field=DateTimeField())
    end = Choose(When(Q(**{f"{state}__in": [s.value for s in BINDING_STATES]}), then=Coalesce(F(ends), _far())),
                 default=_far(), output_field=DateTimeField())
    return Least(answer, end, output_field=DateTimeField())


def report_next_due(participants: Q) -> Least:
    """For a Report queryset: the earliest due date of the next steps on its case, counting only the
    participations ``participants`` (a filter on Participant) selects and the case's own embargo steps."""
    earliest = (Participant.objects.filter(participants, case_id=OuterRef("case__pk")).order_by()
                .values("case_id").annotate(due=Min(step_due())).values("due")[:1])
    return Least(Coalesce(Subquery(earliest, output_field=DateTimeField()), _far()), embargo_due("case__"),
                 output_field=DateTimeField())


def has_participant(participants: Q) -> Exists:
    """For a Report queryset: whether its case has a participation ``participants`` selects."""
    return Exists(Participant.objects.filter(participants, case_id=OuterRef("case__pk")))


def or_none(at: datetime | None) -> datetime | None:
    """A due date read back from these expressions, with :data:`FAR` as None."""
    return None if at is None or at.year == FAR.year else at


__all__ = ["FAR", "embargo_due", "has_participant", "or_none", "owed_due", "report_next_due", "step_due"]
