"""JSON shapes of disclosure pages; public shapes read only the redacted advisory."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from redline.accounts import policy
from redline.disclosure import case_store
from redline.disclosure.models import Advisory, Dispute, Incident, Report


def advisory_summary(adv: Advisory) -> dict[str, Any]:
    data: dict[str, Any] = {"public_id": adv.public_id, "state": adv.state, "url": adv.get_absolute_url()}
    if adv.state == "published":
        data.update(title=adv.public.get("title"), kind=adv.public.get("kind"), severity=adv.public.get("severity"),
                    published=adv.public.get("published"), cue_ids=adv.public.get("cue_ids", []),
                    affected=adv.public.get("affected", []))
    else:
        data.update(reason=adv.reason, redirect_to=adv.redirect_to or None)
    return data


def decisions_of(d: Dispute) -> list[dict[str, Any]]:
    """A dispute's decisions with the adjudicator named, never by address (older records stored one)."""
    from redline.accounts.names import name_of_address

    return [{**x, "adjudicator": name_of_address(x.get("adjudicator", ""))} for x in d.decisions]


def public_disputes(adv: Advisory) -> list[dict[str, Any]]:
    return [{"state": d.state, "disputed": d.disputed, "vendor": d.vendor.name, "filed_at": d.filed_at.isoformat(),
             "decisions": decisions_of(d)}
            for d in Dispute.objects.filter(report_id=adv.report_id).select_related("vendor")]


def public_attachments(adv: Advisory) -> list[dict[str, Any]]:
    return [{"name": a.name, "size": a.size, "sha256": a.sha256}
            for a in adv.report.attachments.filter(sensitivity="public")]


def advisory_detail(adv: Advisory) -> dict[str, Any]:
    if adv.state != "published":
        return advisory_summary(adv)
    from redline.disclosure import advisory_page

    disputes = public_disputes(adv)
    return {"metrics": [], **adv.public, "state": adv.state, "url": adv.get_absolute_url(),
            "disputed": any(d["disputed"] for d in disputes), "disputes": disputes,
            "evidence": public_attachments(adv), "exports": advisory_page.exports(adv)}


def dispute_detail(d: Dispute, *, answer_due=None) -> dict[str, Any]:
    """The dispute page's JSON twin (for the parties only: the reporter, the vendor, coordinators, adjudicators)."""
    return {"id": d.pk, "report": d.report.ref, "vendor": d.vendor.slug, "state": d.state, "grounds": d.grounds,
            "filed_at": d.filed_at.isoformat(), "vendor_answer": d.vendor_answer,
            "vendor_answered_at": d.vendor_answered_at and d.vendor_answered_at.isoformat(),
            "answer_due": answer_due and answer_due.isoformat(), "appeal_grounds": d.appeal_grounds or None,
            "decisions": decisions_of(d), "disputed": d.disputed}


def participant_data(p, *, now=None) -> dict[str, Any]:
    """One vendor's participation; ``status`` is the case page's (:mod:`redline.core.disclosure.vendor_status`),
    ``advisory_status`` what an advisory published now would say."""
    return {"vendor": p.vendor.slug, "state": p.state, "flags": p.flags, "severity": p.severity,
            "duplicate_of": p.duplicate_of or None, "received_at": p.received_at.isoformat(),
            "acknowledged_at": p.acknowledged_at and p.acknowledged_at.isoformat(),
            "triaged_at": p.triaged_at and p.triaged_at.isoformat(),
            "fix_ready_at": p.fix_ready_at and p.fix_ready_at.isoformat(),
            "fix_deployed_at": p.fix_deployed_at and p.fix_deployed_at.isoformat(),
            "publish_agreed_at": p.publish_agreed_at and p.publish_agreed_at.isoformat(),
            "statement": p.statement or None, "status": case_status_of(p, now or timezone.now()).value,
            "advisory_status": vendor_status_of(p).value, "name": p.vendor.name,
            "acknowledge_due": acknowledge_due(p).isoformat(),
            "open_weights": p.open_weights}


def vendor_status_of(p):
    """The status a multi-vendor advisory would give this participation now (affected, no response, …)."""
    from redline.core.disclosure import release
    from redline.disclosure import case_store

    return release.vendor_status(case_store.participant_of(p))


def acknowledge_due(p):
    """When the vendor must acknowledge the report by (its severity's target, counted from receipt)."""
    from redline.core.disclosure.clocks import CLOCK_TARGETS, Severity

    return p.received_at + CLOCK_TARGETS[Severity(p.severity)].acknowledge


def case_status_of(p, now):
    """The vendor's status on the case page at ``now``: "not yet checked" until it answers, "no response" once its
    acknowledge deadline passed unanswered, then what it said (affected, not affected, fix ready, …)."""
    from redline.core.disclosure.vendor_status import case_vendor_status
    from redline.disclosure import case_store

    return case_vendor_status(case_store.participant_of(p), now)


def status_counts(parts, now) -> dict[str, int]:
    """How many of ``parts`` have each case status, in the statuses' order (those with none left out)."""
    from collections import Counter

    from redline.core.disclosure.vendor_status import CaseVendorStatus

    counts = Counter(case_status_of(p, now) for p in parts)
    return {s.value: counts[s] for s in CaseVendorStatus if counts[s]}


def visible_participants(user, report: Report, *, token_ok: bool = False):
    """Coordinators and the reporter see every vendor; a vendor sees its own participation only."""
    parts = case_store.participants_of(report.case)
    if policy.is_coordinator(user) or token_ok or policy.is_reporter(user, report):
        return parts
    mine = policy.report_vendor_ids(user, report)
    return [p for p in parts if p.vendor_id in mine]


def case_detail(user, report: Report, *, token_ok: bool = False, thread: str | None = None,
                page: str | int | None = None, base_url: str | None = None,
                thread_page=None) -> dict[str, Any]:
    """The case as ``user`` may see it, with one page of one message thread (default: the viewer's default
    thread, last page; see :mod:`redline.disclosure.threads`); ``thread_page`` when the caller has it."""
    from redline.disclosure import threads

    case = report.case
    parts = visible_participants(user, report, token_ok=token_ok)
    tp = thread_page or threads.thread_page(user, report, parts, thread, page, token_ok=token_ok)
    adv = getattr(report, "advisory", None)
    now = timezone.now()
    data = {
        "ref": report.ref, "kind": report.kind, "title": report.title, "description": report.description,
        "expected_behaviour": report.expected_behaviour, "actual_behaviour": report.actual_behaviour,
        "policy_violated": report.policy_violated, "reproduction": report.reproduction,
        "affected_systems": report.affected_systems, "severity": report.severity, "prevalence": report.prevalence,
        "cue_ids": [c.pk for c in report.cue_entries.all()], "csam_path": report.csam_path,
        "real_world_harm": report.real_world_harm, "malicious_use": report.malicious_use,
        "submitted_at": report.submitted_at.isoformat(), "public_id": adv.public_id if adv else None,
        "publication": adv.state if adv else None,
        "safe_harbor_terms": report.safe_harbor.version if report.safe_harbor_id else None,
        "embargo": {"state": case.embargo_state, "starts_at": case.embargo_starts_at and case.embargo_starts_at.isoformat(),
                    "ends_at": case.embargo_ends_at and case.embargo_ends_at.isoformat(),
                    "proposed_end": case.embargo_proposed_end and case.embargo_proposed_end.isoformat(),
                    "proposed_by": case.embargo_proposers},
        "case_flags": case.case_flags,
        "participants": [participant_data(p, now=now) for p in parts],
        "vendor_statuses": status_counts(parts, now),
        **threads.page_data(tp, base_url or f"/cases/{report.pk}/"),
        "attachments": [{"name": a.name, "size": a.size, "sensitivity": a.sensitivity}
                        for a in report.attachments.all() if policy.can_view_attachment(user, a, token_ok=token_ok)],
        "duplicate_of": report.duplicate_of.ref if report.duplicate_of_id else None,
        "disputes": [{"id": d.pk, "vendor": d.vendor.slug, "state": d.state, "decisions": decisions_of(d),
                      "appeal_grounds": d.appeal_grounds or None}
                     for d in report.disputes.select_related("vendor", "report")
                     if policy.can_view_dispute(user, d, token_ok=token_ok)],
    }
    if policy.is_coordinator(user) or token_ok or policy.is_reporter(user, report):
        data["reporter_email"] = report.reporter_email
    return data


def incident_summary(inc: Incident) -> dict[str, Any]:
    return {"id": inc.pk, "ref": inc.ref, "title": inc.title, "state": inc.state, "url": inc.get_absolute_url(),
            "occurred_on": inc.occurred_on and inc.occurred_on.isoformat(), "severity": inc.severity or None,
            "harm_types": inc.harm_types, "sectors": inc.sectors, "grouping": inc.grouping}


def incident_facets(chosen: dict[str, str], counts: dict[str, list[tuple[str, int]]], *,
                    limit: int | None = None) -> list[dict[str, Any]]:
    """The incident list's facets: each with the value chosen and (up to ``limit``) values with counts."""
    from redline.core.disclosure.incident import FACETS

    return [{"name": f, "label": label, "chosen": chosen.get(f, ""),
             "values": [{"value": v, "count": n} for v, n in counts[f][:limit]]} for f, label in FACETS.items()]


def entity_ref(e) -> dict[str, Any]:
    return {"slug": e.slug, "name": e.name, "url": e.get_absolute_url(),
            "organisation": e.organisation.slug if e.organisation_id else None}


def incident_data(inc: Incident, *, related=(), can_review: bool = False) -> dict[str, Any]:
    """The incident as its page shows it; ``related`` are the linked incidents the viewer may see."""
    from redline.core.disclosure.incident import ENTITY_ROLES, REJECTION_REASONS

    advs = Advisory.objects.filter(report__incidents=inc, state="published").order_by("public_id")
    entities: dict[str, list] = {role: [] for role in ENTITY_ROLES}
    for link in inc.entity_links.select_related("entity__organisation"):
        entities[link.role].append(entity_ref(link.entity))
    data = {**incident_summary(inc), "summary": inc.summary, "source_id": inc.source_id or None,
            "cue_ids": sorted(c.pk for c in inc.cue_entries.all()), "atlas_techniques": inc.atlas_techniques,
            "entities": entities,
            "sources": [{"url": s.url, "title": s.title, "publisher": s.publisher,
                         "published_on": s.published_on and s.published_on.isoformat(),
                         "archived_url": s.archived_url or None} for s in inc.sources.all()],
            "advisories": [a.public_id for a in advs],
            "related": [incident_summary(r) for r in related],
            "timeline": inc.timeline, "impact": inc.impact,
            "root_cause": inc.root_cause, "mitigations": inc.mitigations, "lessons_learned": inc.lessons_learned}
    if inc.state == "rejected" or (inc.state == "merged" and inc.rejection_code):
        data["rejection"] = {"code": inc.rejection_code, "reason": REJECTION_REASONS.get(inc.rejection_code, ""),
                             "note": inc.rejection_note or None}
    if inc.merged_into_id:
        data["merged_into"] = inc.merged_into_id
    return data
