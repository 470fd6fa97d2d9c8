"""Publication and the public database: the redacted advisory, tombstones, full-text search.

Public pages, JSON twins, feeds, search and exports read only ``Advisory.public``
(a :class:`~redline.core.formats.neutral.PublishedAdvisory` made by
``make_advisory``) and the denormalised facets copied from it, so a restricted
field cannot reach them: the redaction happens once, here, in the core.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from redline.accounts import policy
from redline.core.disclosure import publication as core_pub
from redline.core.disclosure import release as core_release
from redline.core.errors import InvalidInput, PermissionDenied
from redline.core.formats import avid
from redline.core.formats.neutral import (
    AffectedSystem,
    DisclosureIntent,
    NeutralReport,
    PublishedAdvisory,
    Reference,
    ReleaseNote,
    ReportKind,
    VendorEntry,
    advisory_from_dict,
    make_advisory,
    to_jsonable,
)
from redline.disclosure.models import Advisory, Report
from redline.ledger.services import record


def to_neutral(report: Report) -> NeutralReport:
    """The stored report as the format-neutral dataclass (restricted parts in ``restricted``)."""
    restricted = dict(report.restricted)
    if report.reporter_email:
        restricted["reporter_email"] = report.reporter_email
    if report.policy_violated:
        restricted.setdefault("policy_violated", report.policy_violated)
    intent = report.disclosure_intent if report.disclosure_intent in DisclosureIntent._value2member_map_ else None
    return NeutralReport(
        kind=ReportKind(report.kind), title=report.title, description=report.description,
        expected_behaviour=report.expected_behaviour or None, actual_behaviour=report.actual_behaviour or None,
        reproduction=report.reproduction or None,
        affected=tuple(AffectedSystem(**{k: v for k, v in s.items() if k in ("vendor", "model", "version",
                                                                               "artifact_type")})
                       for s in report.affected_systems),
        severity=report.severity or None, prevalence=report.prevalence or None,
        harm_types=tuple(report.harm_types), affected_stakeholders=tuple(report.affected_stakeholders),
        cue_ids=tuple(sorted(c.pk for c in report.cue_entries.all())),
        disclosure_intent=DisclosureIntent(intent) if intent else None, credits=tuple(report.credits),
        references=tuple(Reference(**{k: v for k, v in r.items() if k in ("url", "label", "type")})
                         for r in report.references if isinstance(r, dict) and r.get("url")),
        classifications={k: tuple(v) for k, v in report.classifications.items()},
        real_world_harm=report.real_world_harm, malicious_use=report.malicious_use,
        csam_involved=report.csam_path, restricted=restricted, source_format=report.source_format,
        source_id=(report.source_id or None) if report.source_format != "demo" else None,  # demo keys are not aliases
        metrics=avid.metric_tables(report.original) if report.source_format.startswith("avid") else (),
    )


def advisory_of(adv: Advisory) -> PublishedAdvisory:
    return advisory_from_dict(adv.public, source=adv.public_id)


def _search_text(pa: PublishedAdvisory) -> str:
    parts = [pa.public_id, pa.title, pa.description, pa.expected_behaviour or "", pa.actual_behaviour or "",
             pa.kind.value, pa.severity or "", " ".join(pa.cue_ids), " ".join(pa.harm_types),
             " ".join(s.product + " " + (s.vendor or "") for s in pa.affected), " ".join(pa.aliases)]
    return "\n".join(p for p in parts if p)


def release_note(release: core_release.Release) -> ReleaseNote:
    """The advisory's note on why it was published when it was."""
    return ReleaseNote(basis=core_release.GROUNDS[release.ground],
                       agreed_date=release.agreed_end.date() if release.agreed_end else None,
                       early_reason=release.early_reason)


def vendor_entries(report: Report, release: core_release.Release) -> tuple[VendorEntry, ...]:
    """Each vendor on the case by name, with its status and statement."""
    names = {p.vendor.slug: p.vendor.name for p in report.case.participants.select_related("vendor")}
    return tuple(VendorEntry(names.get(v.vendor, v.vendor), v.status.value, v.statement) for v in release.vendors)


@transaction.atomic
def publish_advisory(report: Report, *, now: datetime | None = None,
                     release: core_release.Release | None = None) -> Advisory:
    """Store ``report``'s redacted advisory as published, with its facets and search entry.

    This is the storage step only; :func:`redline.disclosure.services.publish` decides whether the
    case allows it (``release``, which the advisory then states with each vendor's status) and records
    that the flaw is public. Importers of already public records call it directly.
    """
    now = now or timezone.now()
    adv = Advisory.objects.select_for_update().filter(report=report).first()
    if report.csam_path:
        raise PermissionDenied("reports on the CSAM path are never published")
    if adv is None:
        raise InvalidInput("report", "this report has no public ID")
    pub = core_pub.advance(publication_of(adv), core_pub.PublicationEvent.PUBLISH, at=now)
    extra = {} if release is None else {"vendors": vendor_entries(report, release),
                                        "release": release_note(release)}
    pa = make_advisory(to_neutral(report), adv.public_id, now.date(), withhold=report.withheld_fields(), **extra)
    adv.public = to_jsonable(pa)
    adv.kind, adv.severity, adv.title = pa.kind.value, pa.severity or "", pa.title
    adv.search_text = _search_text(pa)
    save_publication(adv, pub)
    adv.ai_models.set(report.affected_models.all())
    orgs = {m.organisation_id for m in report.affected_models.all()}
    case = getattr(report, "case", None)
    if case is not None:
        orgs |= set(case.participants.values_list("vendor_id", flat=True))
    adv.organisations.set(orgs)
    adv.cue_entries.set(report.cue_entries.all())
    index(adv)
    return adv


@transaction.atomic
def reject(user, report: Report, reason: str, *, now: datetime | None = None) -> Advisory:
    """Reject a reserved ID: it stays as a tombstone with ``reason``."""
    adv = _guard(user, report)
    save_publication(adv, core_pub.advance(publication_of(adv), core_pub.PublicationEvent.REJECT, at=now or timezone.now(),
                                reason=reason))
    return adv


@transaction.atomic
def withdraw(user, report: Report, reason: str, *, now: datetime | None = None) -> Advisory:
    """Withdraw a published advisory: the page becomes a tombstone and it leaves search and feeds."""
    adv = _guard(user, report)
    save_publication(adv, core_pub.advance(publication_of(adv), core_pub.PublicationEvent.WITHDRAW, at=now or timezone.now(),
                                reason=reason))
    unindex(adv)
    return adv


def _guard(user, report: Report) -> Advisory:
    if not policy.can_act_on_case(user, report):
        raise PermissionDenied("a coordinator or a triager of a vendor on the case decides publication")
    adv = Advisory.objects.select_for_update().filter(report=report).first()
    if adv is None:
        raise InvalidInput("report", "this report has no public ID")
    return adv


def publication_of(adv: Advisory) -> core_pub.Publication:
    """The core publication record of a stored advisory."""
    return core_pub.Publication(public_id=adv.public_id, reserved_at=adv.reserved_at,
                                state=core_pub.PublicationState(adv.state), published_at=adv.published_at,
                                reason=adv.reason or None, redirect_to=adv.redirect_to or None)


def save_publication(adv: Advisory, pub: core_pub.Publication) -> None:
    """Store a publication state change and ledger it as ``state:<new state>``."""
    adv.state, adv.published_at = pub.state.value, pub.published_at
    adv.reason, adv.redirect_to = pub.reason or "", pub.redirect_to or ""
    adv.save()
    record(adv, f"state:{pub.state.value}")


# --- full-text search ---------------------------------------------------------------


def index(adv: Advisory) -> None:
    """Keep the search index in step: the FTS5 table on SQLite, the stored tsvector on PostgreSQL."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        Advisory.objects.filter(pk=adv.pk).update(search_vector=SearchVector("search_text", config="english"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DELETE FROM disclosure_advisory_fts WHERE rowid = %s", [adv.pk])
            cur.execute("INSERT INTO disclosure_advisory_fts (rowid, search_text) VALUES (%s, %s)",
                        [adv.pk, adv.search_text])


def expected_search_text(adv: Advisory) -> str | None:
    """The search text an advisory's public record makes (empty before publication; None if it does not read)."""
    if not adv.public:
        return ""
    try:
        return _search_text(advisory_of(adv))
    except InvalidInput:
        return None


def search_index_mismatches(advisories: list[Advisory]):
    """``(pk, what)`` for each advisory whose search index entry is not what its state and text make.

    Published advisories are indexed with their search text; the others are not indexed.
    """
    if not advisories:
        return
    expected = {a.pk: a.search_text if a.state == "published" else None for a in advisories}
    if connection.vendor == "sqlite":
        marks = ",".join(["%s"] * len(expected))
        with connection.cursor() as cur:
            cur.execute(f"SELECT rowid, search_text FROM disclosure_advisory_fts WHERE rowid IN ({marks})",
                        list(expected))
            found = dict(cur.fetchall())
        for pk, text in expected.items():
            if found.get(pk) != text:
                yield pk, "the search index"
    elif connection.vendor == "postgresql":
        marks = ",".join(["%s"] * len(expected))
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM disclosure_advisory WHERE id IN (" + marks + ") AND search_vector IS DISTINCT "
                        "FROM (CASE WHEN state = 'published' THEN to_tsvector('english'::regconfig, search_text) END)",
                        list(expected))
            for (pk,) in cur.fetchall():
                yield pk, "the search index"


def rebuild_search_index() -> int:
    """Index every published advisory afresh (after a restore); returns how many."""
    published = Advisory.objects.filter(state="published")
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DELETE FROM disclosure_advisory_fts")
            cur.execute("INSERT INTO disclosure_advisory_fts (rowid, search_text) "
                        "SELECT id, search_text FROM disclosure_advisory WHERE state = 'published'")
    elif connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        Advisory.objects.exclude(state="published").update(search_vector=None)
        published.update(search_vector=SearchVector("search_text", config="english"))
    return published.count()


def unindex(adv: Advisory) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DELETE FROM disclosure_advisory_fts WHERE rowid = %s", [adv.pk])
    elif connection.vendor == "postgresql":
        Advisory.objects.filter(pk=adv.pk).update(search_vector=None)


_TERM = re.compile(r"\w+", re.UNICODE)


def _fts5_query(q: str) -> str:
    """User text as an FTS5 query of quoted terms (all must match), so no FTS syntax leaks through."""
    return " ".join(f'"{t}"' for t in _TERM.findall(q)[:20])


def public_advisories() -> QuerySet[Advisory]:
    return Advisory.objects.filter(state=core_pub.PublicationState.PUBLISHED)


PUBLIC_STATES = ("published", "rejected", "withdrawn")


def by_alias(alias: str) -> Advisory | None:
    """The public advisory whose source record has the ID ``alias`` (e.g. ``AVID-2026-R0303``), any case."""
    alias = alias.strip()
    if not alias:
        return None
    return (Advisory.objects.filter(report__source_id__iexact=alias, state__in=PUBLIC_STATES + ("duplicate",))
            .exclude(report__source_format="demo").order_by("pk").first())


def feed_scope(user, scope: str, key: str) -> str | None:
    """The canonical key of a feed's model (``org/slug``), organisation or CUE entry, matched in any case;
    None when there is none the viewer may see (a feed of nothing would hide a typo)."""
    if scope == "model":
        from redline.accounts.policy import Action, can
        from redline.registry.models import AIModel

        org_slug, _, slug = key.lower().partition("/")
        model = AIModel.objects.select_related("organisation").filter(organisation__slug=org_slug, slug=slug).first()
        if model is None or not can(user, Action.VIEW, model):
            return None
        return f"{model.organisation.slug}/{model.slug}"
    if scope == "organisation":
        from redline.accounts.models import Organisation

        org = Organisation.objects.filter(slug=key.lower()).first()
        return org.slug if org else None
    if scope == "cue":
        from redline.enumeration.models import CueEntry

        entry = CueEntry.objects.filter(pk=key.upper()).first()
        return entry.pk if entry else None
    return key


#: A text search matching at most this many advisories (before filters) is answered from the list of
#: its matches (SQLite); one matching more walks the list's order index, where matches are dense.
FEW_MATCHES = 1000


def search(q: str = "", *, model: str = "", organisation: str = "", cue: str = "", kind: str = "",
           severity: str = "", state: str = "published", since: date | None = None,
           until: date | None = None) -> QuerySet[Advisory]:
    """Advisories matching the text and every filter given, newest first (only public states)."""
    if state and state not in PUBLIC_STATES:
        raise InvalidInput("state", f"must be one of {', '.join(PUBLIC_STATES)}")
    qs = Advisory.objects.filter(state=state) if state else Advisory.objects.filter(state__in=PUBLIC_STATES)
    if kind:
        qs = qs.filter(kind=kind)
    if severity:
        qs = qs.filter(severity=severity)
    if model:
        from redline.registry.models import AIModel

        org_slug, _, slug = model.strip().lower().partition("/")
        found = AIModel.objects.filter(organisation__slug=org_slug, slug=slug).values_list("pk", flat=True).first()
        qs = qs.filter(ai_models=found) if found else qs.none()
    if organisation:
        from redline.accounts.models import Organisation

        found = Organisation.objects.filter(slug=organisation.strip().lower()).values_list("pk", flat=True).first()
        qs = qs.filter(organisations=found) if found else qs.none()
    if cue:
        qs = qs.filter(cue_entries__cue_id=cue.strip().upper())
    if since:
        qs = qs.filter(published_at__date__gte=since)
    if until:
        qs = qs.filter(published_at__date__lte=until)
    terms = q.strip()
    if terms:
        if connection.vendor == "sqlite":
            fts = _fts5_query(terms)
            if not fts:
                return qs.none()
            from django.db.models.expressions import RawSQL

            with connection.cursor() as cur:  # at most FEW_MATCHES + 1 rowids: cheap however common the words
                cur.execute("SELECT rowid FROM disclosure_advisory_fts WHERE disclosure_advisory_fts MATCH %s "
                            "LIMIT %s", [fts, FEW_MATCHES + 1])
                ids = [row[0] for row in cur.fetchall()]
            if len(ids) <= FEW_MATCHES:
                # Every match is known: read those rows and sort them, instead of walking the list's order
                # index until a page is found (most of the table when few of them pass the filters). The
                # same order as the index walk, ties (equal time and number) by ascending id as it gives.
                return qs.filter(pk__in=ids).order_by(RawSQL("+disclosure_advisory.published_at", []).desc(),
                                                      RawSQL("+disclosure_advisory.sequence", []).desc(), "pk")
            qs = qs.filter(pk__in=RawSQL("SELECT rowid FROM disclosure_advisory_fts WHERE "
                                         "disclosure_advisory_fts MATCH %s", [fts]))
        elif connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            qs = qs.filter(search_vector=SearchQuery(terms, config="english", search_type="plain"))
        else:
            for t in _TERM.findall(terms)[:20]:
                qs = qs.filter(search_text__icontains=t)
    return qs.order_by("-published_at", "-sequence")
