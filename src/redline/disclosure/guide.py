"""What the case page offers a viewer: the legal actions of :mod:`redline.core.disclosure.actions`, for the
party the viewer is on the stored case, with vendor names and the next expected steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from redline.accounts import policy
from redline.accounts.models import Organisation
from redline.core.disclosure import actions as core_actions
from redline.core.disclosure.publication import PublicationState
from redline.disclosure import case_store
from redline.disclosure.models import Report


@dataclass(frozen=True)
class Guide:
    """The case page's action boxes and next steps, with vendor slugs resolved to names."""

    boxes: list[core_actions.Box]
    steps: list[core_actions.NextStep]
    names: dict[str, str]
    candidates: list[Organisation]
    publish_blocked: str | None = None
    """Why the viewer cannot publish the advisory now, in words (an embargo that binds, another vendor)."""
    one_vendor_at_a_time: bool = False
    """A coordinator's page of a case with more than :data:`ONE_AT_A_TIME_OVER` vendors: vendor actions and
    steps are offered for the vendor chosen (``focus``) only, so the page stays short and fast."""
    focus: str | None = None
    """The vendor chosen to act for (its slug), when one vendor at a time."""
    more_steps: int = 0
    """Vendors' steps left out (not overdue, not the chosen vendor's), when one vendor at a time."""

    @property
    def focus_name(self) -> str | None:
        return self.names.get(self.focus) if self.focus else None


#: Past this many vendors, a coordinator acts for one vendor at a time (VINCE's 121-vendor cases).
ONE_AT_A_TIME_OVER = 10


def party_of(user, report: Report, *, token_ok: bool = False) -> core_actions.Party:
    """The party ``user`` is on ``report``'s case (the reporter when ``token_ok``)."""
    from redline.disclosure.services import embargo_parties

    if token_ok:
        return core_actions.Party(reporter=True, speaks_for=frozenset({"reporter"}))
    coordinator = policy.is_coordinator(user)
    vendors = frozenset() if coordinator else frozenset(
        p.vendor.slug for p in case_store.participants_of(report.case)
        if policy.can_act_on_participation(user, p))
    return core_actions.Party(coordinator=coordinator, vendors=vendors, reporter=policy.is_reporter(user, report),
                              speaks_for=frozenset(embargo_parties(user, report)))


def candidate_vendors(report: Report) -> list[Organisation]:
    """Developer organisations not yet on the case, which a coordinator may add."""
    on_case = report.case.participants.values_list("vendor_id", flat=True)
    return list(Organisation.objects.filter(kind="developer").exclude(pk__in=on_case).order_by("name"))


def situation_of(report: Report, *, candidates: list[Organisation] = ()) -> core_actions.Situation:
    adv = getattr(report, "advisory", None)
    return core_actions.Situation(
        case=case_store.load(report.case),
        publication=PublicationState(adv.state) if adv is not None else None,
        proposers=frozenset(report.case.embargo_proposers), csam_path=report.csam_path,
        candidates=tuple(o.slug for o in candidates))


def guide_for(user, report: Report, *, token_ok: bool = False, now: datetime | None = None,
              vendor: str | None = None) -> Guide:
    """The actions legal now for ``user`` on ``report``'s case, grouped, and the next expected steps.

    On a case with more than :data:`ONE_AT_A_TIME_OVER` vendors a coordinator is offered the case-wide
    actions and those of ``vendor`` only (none until one is chosen), and the steps of the case, of that
    vendor and every overdue one."""
    now = now or timezone.now()
    party = party_of(user, report, token_ok=token_ok)
    candidates = candidate_vendors(report) if party.coordinator else []
    situation = situation_of(report, candidates=candidates)
    names = {p.vendor.slug: p.vendor.name for p in case_store.participants_of(report.case)}
    one_at_a_time = party.coordinator and len(names) > ONE_AT_A_TIME_OVER
    focus = vendor if one_at_a_time and vendor in names else None
    only = ({focus} if focus else set()) if one_at_a_time else None
    offers = core_actions.legal_actions(situation, party, at=now, only_vendors=only)
    steps = core_actions.next_steps(situation, at=now)
    if not (party.coordinator or party.reporter or token_ok):
        steps = [s for s in steps if s.vendor is None or s.vendor in party.vendors]
    more = 0
    if one_at_a_time:
        kept = [s for s in steps if s.vendor is None or s.vendor == focus or s.overdue]
        more, steps = len(steps) - len(kept), kept
    blocked = core_actions.publication_blocked(situation, party, at=now, names=names)
    return Guide(core_actions.boxes(offers), steps, names, candidates, blocked, one_at_a_time, focus, more)


#: What the reason box asks for, per box (the reason is published with the advisory).
REASON_LABELS = {
    "embargo": "Why the embargo ends now (needed before its end; published with the advisory)",
    "public": "Where it became public (a link or a sentence; needed while an embargo holds; published)",
    "publication": "Reason (the tombstone's, to reject or withdraw; or why the embargo ends early, to publish before "
                   "its end; published)",
}


def template_boxes(guide: Guide, report: Report) -> list[dict]:
    """The boxes as the case template reads them: vendor names, the vendor's report state, destructive ones."""
    parts = case_store.participants_of(report.case)
    states = {p.vendor.slug: p.state for p in parts}
    statements = {p.vendor.slug: p.statement for p in parts}
    out = []
    for b in guide.boxes:
        offers = [{"op": o.op if o.op != "remove_participant" else f"remove_participant:{o.vendor}",
                   "label": o.label if o.op != "remove_participant" else f"Remove {guide.names.get(o.vendor, o.vendor)}",
                   "style": o.style.value} for o in b.offers]
        out.append({"group": b.group.value, "title": b.title, "vendor": b.vendor,
                    "vendor_name": guide.names.get(b.vendor or "", b.vendor), "state": states.get(b.vendor or ""),
                    "statement": statements.get(b.vendor or "", ""),
                    "reason_label": REASON_LABELS.get(b.group.value, "Reason (published)"),
                    "fields": sorted({f for o in b.offers for f in o.fields}), "offers": offers,
                    "has_destructive": any(o["style"] == "destructive" for o in offers)})
    return out


def template_steps(guide: Guide) -> list[dict]:
    return [{"vendor": s.vendor, "vendor_name": guide.names.get(s.vendor or "", s.vendor), "text": s.text,
             "due": s.due, "overdue": s.overdue} for s in guide.steps]


def offers_json(guide: Guide) -> dict:
    """The guide as the case's JSON twin shows it."""
    return {
        "actions": [{"op": o.op, "label": o.label, "group": o.group.value, "style": o.style.value,
                     "vendor": o.vendor, "fields": list(o.fields)} for b in guide.boxes for o in b.offers],
        "next_steps": [{"vendor": s.vendor, "step": s.text, "due": s.due and s.due.isoformat(),
                        "overdue": s.overdue} for s in guide.steps],
        "publish_blocked": guide.publish_blocked,
        "one_vendor_at_a_time": guide.one_vendor_at_a_time, "acting_for": guide.focus,
    }
