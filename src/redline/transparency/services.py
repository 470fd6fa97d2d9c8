"""Transparency services: FMTI imports, practice claims, EU-form entries, and building the quarterly report.

Every write checks the policy, runs in one transaction and lands in the ledger through the model
signals. The rules are the core's: :func:`redline.core.transparency.read_report` parses an FMTI file
(refusing a bad one with the row and column), :func:`~redline.core.transparency.coverage`,
:func:`~redline.core.transparency.generate_form` and :func:`~redline.core.transparency.practice_map`
compute from the facts (:mod:`.facts`), and :mod:`.report` writes the report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from redline.accounts.models import Organisation, OrgKind
from redline.accounts.policy import Action, require, role_in
from redline.core.documents import Audience, Claim, Quarter, parse_quarter
from redline.core.errors import InvalidInput, PermissionDenied
from redline.core.transparency import (
    Coverage,
    PracticeMap,
    Report,
    ReportRow,
    coverage,
    generate_form,
    indicator,
    load_form,
    load_practices,
    practice_map,
    read_report,
)
from redline.transparency import report as report_module
from redline.transparency.facts import build_facts, current_facts, parse_audiences
from redline.transparency.models import EuFormEntry, FmtiReport, PracticeClaim


def _real(user):
    return user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None


def is_admin(user, org: Organisation) -> bool:
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return True
    return role_in(user, org) == "admin"


def require_admin(user, org: Organisation, what: str) -> None:
    if not is_admin(user, org):
        raise PermissionDenied(f"only admins of {org.name} may {what}")


# --- FMTI ----------------------------------------------------------------------------------------


@transaction.atomic
def import_fmti(actor, org: Organisation, data: bytes, *, source: str = "report.csv") -> FmtiReport:
    """Store a developer report in FMTI's CSV shape as ``org``'s manual disclosures (parsed before any write)."""
    require_admin(actor, org, "import an FMTI report")
    parsed = read_report(data, source=source)
    return FmtiReport.objects.create(organisation=org, source_name=source[:255],
                                     sha256=hashlib.sha256(data).hexdigest(),
                                     rows=[list(row.cells()) for row in parsed.rows], score=parsed.total,
                                     imported_by=_real(actor))


@transaction.atomic
def import_fmti_for_slug(actor, slug: str, data: bytes, *, source: str) -> tuple[FmtiReport, bool]:
    """The CLI's import: the organisation is created as a developer organisation when it does not exist yet.

    The file is parsed first, so a bad file creates no organisation either. Returns (report, created).
    """
    read_report(data, source=source)
    org = Organisation.objects.filter(slug=slug).first()
    created = org is None
    if created:
        from django.utils.text import slugify

        if slugify(slug) != slug or not slug:
            raise InvalidInput("--org", f"{slug!r} is not a slug (lower-case letters, digits and hyphens)")
        org = Organisation.objects.create(slug=slug, name=slug.replace("-", " ").title(), kind=OrgKind.DEVELOPER)
    return import_fmti(actor, org, data, source=source), created


def latest_fmti(org: Organisation) -> FmtiReport | None:
    return org.fmti_reports.order_by("-imported_at", "-pk").first()


def manual_report(org: Organisation) -> Report | None:
    """The latest imported report as the core's :class:`Report` (its rows as imported)."""
    stored = latest_fmti(org)
    if stored is None:
        return None
    rows = []
    for cells in stored.rows:
        name, definition, notes, disclosure, justification, references, score = cells
        rows.append(ReportRow(indicator(name), definition, notes, disclosure, justification, references, int(score)))
    return Report(tuple(rows))


def fmti_coverage(org: Organisation, audience="public", *, model=None, facts=None) -> Coverage:
    facts = facts if facts is not None else current_facts(org, audience, model=model)
    return coverage(facts, manual_report(org), organisation=org.name)


# --- practice claims and EU-form entries --------------------------------------------------------------


@transaction.atomic
def set_claim(actor, org: Organisation, practice: str, *, status: str, statement: str,
              evidence: list[str] | None = None, reason: str = "") -> PracticeClaim:
    """The organisation's own statement about one NIST AI 800-1 practice (admins only)."""
    require_admin(actor, org, "state the organisation's practices")
    draft, practices = load_practices()
    if practice not in {p.id for p in practices}:
        raise InvalidInput("practice", f"no practice {practice!r} in {draft}")
    if not statement.strip():
        raise InvalidInput("statement", "say what the organisation does")
    claim = Claim(practice, statement.strip(), status, tuple(e.strip() for e in evidence or () if e.strip()),
                  reason.strip())
    row, _ = PracticeClaim.objects.get_or_create(
        organisation=org, practice=practice,
        defaults={"status": claim.status.value, "statement": claim.statement, "evidence": list(claim.evidence),
                  "reason": claim.reason, "updated_by": _real(actor)})
    fields = {"status": claim.status.value, "statement": claim.statement, "evidence": list(claim.evidence),
              "reason": claim.reason}
    if any(getattr(row, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(row, k, v)
        row.updated_by, row.updated_at = _real(actor), timezone.now()
        row.save()
    return row


@transaction.atomic
def set_eu_entry(actor, model, item: str, text: str) -> EuFormEntry | None:
    """Type one EU-form item for ``model`` by hand (its words win over records); empty text removes it."""
    require(actor, Action.UPDATE, model, str(model))
    if item not in {i.id for i in load_form().items}:
        raise InvalidInput("item", f"no item {item!r} in the model documentation form")
    if len(text) > 20_000:
        raise InvalidInput("text", "longer than 20,000 characters")
    existing = EuFormEntry.objects.filter(model=model, item=item).first()
    if not text.strip():
        if existing is not None:
            existing.delete()
        return None
    if existing is None:
        return EuFormEntry.objects.create(model=model, item=item, text=text.strip(), updated_by=_real(actor))
    if existing.text != text.strip():
        existing.text, existing.updated_by, existing.updated_at = text.strip(), _real(actor), timezone.now()
        existing.save()
    return existing


def eu_form(org: Organisation, model, audience="public", *, recipient: str | None = None):
    """The generated form for ``model``: every item with its recipients, empty ones marked."""
    return generate_form(current_facts(org, audience, model=model), recipient=recipient)


def nist_map(org: Organisation, audience="public") -> PracticeMap:
    return practice_map(current_facts(org, audience), now=timezone.now())


# --- the report ------------------------------------------------------------------------------------


def generate_report(org: Organisation, period: Quarter | str, *, now: dt.datetime | None = None, model=None,
                    progress=None) -> report_module.Report:
    """Every section of ``org``'s report for ``period``, each from the facts its readership may see."""
    if isinstance(period, str):
        period = parse_quarter(period)
    now = now or timezone.now()
    if period.start > now:
        raise InvalidInput("period", f"{period} has not started yet")
    manual = manual_report(org)

    def facts_for(audiences: frozenset[Audience]):
        if progress is not None:
            progress(f"facts for {', '.join(sorted(a.value for a in audiences))}")
        return build_facts(org, period, audiences, model=model, now=now)

    organisation = {"slug": org.slug, "name": org.name, "kind": org.kind}
    return report_module.generate(organisation, period, facts_for, manual=manual, now=now)


def reader_for_audience(audience: str):
    from redline.transparency.documents_bridge import reader_for_audiences

    return reader_for_audiences(parse_audiences(audience))


def build_report(org: Organisation, period: Quarter | str, audience: str = "public", *,
                 now: dt.datetime | None = None, progress=None) -> dict[str, Any]:
    """The report as ``audience`` reads it (withheld markers for the rest): the ``--format json`` output."""
    reader = reader_for_audience(audience)
    report = generate_report(org, period, now=now, progress=progress)
    out = report.rendered(reader)
    out["audience"] = audience
    return out


@transaction.atomic
def store_report(actor, org: Organisation, period: Quarter | str, *, now: dt.datetime | None = None):
    """Generate the report and store it as a draft ``transparency_report`` document of the documents app.

    It is then reviewed and released like any document; its public sections' metrics and plots are kept
    in the version's ``extra`` (the restricted sections' numbers stay in their bodies, behind the review).
    """
    require_admin(actor, org, "build the quarterly report")
    from redline.transparency import documents_bridge

    report = generate_report(org, period, now=now)
    return documents_bridge.store_report(actor, org, report)


__all__ = ["build_report", "eu_form", "fmti_coverage", "generate_report", "import_fmti", "import_fmti_for_slug",
           "is_admin", "latest_fmti", "manual_report", "nist_map", "set_claim", "set_eu_entry", "store_report"]
