"""The incident database: submissions (by URL or typed), review, merge with redirect, sources, entities, facets.

Anyone signed in submits an incident; it stays a draft seen by the submitter and the coordinators until
a coordinator publishes it, rejects it with a reason code from
:data:`redline.core.disclosure.incident.REJECTION_REASONS` (the submitter sees the code and its text) or
merges it into another incident, whose number it then redirects to. Incident numbers never change.

A submission by URL starts from the page's own metadata, fetched through the webhook SSRF guard
(:func:`redline.disclosure.notify.url_problem`: public addresses only, each redirect checked again).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from redline.accounts import policy
from redline.accounts.models import Organisation
from redline.core.cue import ATLAS_ID_RE
from redline.core.disclosure import incident as core
from redline.core.disclosure.clocks import Severity
from redline.core.errors import InvalidInput, PermissionDenied
from redline.core.formats.page_meta import PageMeta, read_page_meta
from redline.disclosure import notify
from redline.disclosure.models import Entity, Incident, IncidentEntity, IncidentSource, Report

FETCH_LIMIT = 1_000_000
MAX_REDIRECTS = 3
PUBLIC_STATES = (core.IncidentState.PUBLISHED, core.IncidentState.MERGED)


# --- who sees what ---------------------------------------------------------------------


def visible_filter(user) -> Q:
    """Incidents ``user`` may see: public ones, their own submissions, those grouping reports they may see;
    coordinators see every incident."""
    if policy.is_coordinator(user):
        return Q()
    q = Q(public=True, state__in=PUBLIC_STATES)
    if getattr(user, "is_authenticated", False):
        q |= Q(submitted_by=user)
        q |= Q(reports__in=Report.objects.filter(policy.reports_visible_filter(user)).values("pk"))
    return q


def visible(user) -> QuerySet[Incident]:
    return Incident.objects.filter(visible_filter(user)).distinct()


def entity_filter(user) -> Q:
    """Entities ``user`` may meet: organisations on redline, and parties named by an incident they may see
    (a name from a draft that was turned down stays with the draft)."""
    return Q(organisation__isnull=False) | Q(
        incident_links__incident__in=Incident.objects.filter(visible_filter(user)).values("pk"))


def can_edit(user, inc: Incident) -> bool:
    """Coordinators, and vendors acting on one of the incident's reports, edit it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return policy.is_coordinator(user) or any(policy.can_act_on_case(user, r) for r in inc.reports.all())


def _require_edit(user, inc: Incident) -> None:
    if not can_edit(user, inc):
        raise PermissionDenied("only coordinators or vendors on the incident's reports edit it")


def _require_coordinator(user, what: str) -> None:
    if not policy.is_coordinator(user):
        raise PermissionDenied(f"only coordinators {what}")


# --- fetching a page's metadata -----------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def check_url(url: str, name: str = "url") -> str:
    """``url`` stripped, when it is an http(s) address of at most 500 characters; InvalidInput otherwise."""
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(name, "give an http:// or https:// address")
    if len(url) > 500:
        raise InvalidInput(name, "at most 500 characters")
    return url


def fetch_metadata(url: str) -> tuple[PageMeta | None, str]:
    """The page's metadata, or None and why it could not be read (the submitter then types the details).

    Every address on the way (the first and each redirect) passes the webhook SSRF guard.
    """
    url = check_url(url)
    for _ in range(MAX_REDIRECTS + 1):
        problem = notify.url_problem(url)
        if problem and "private, loopback or reserved" in problem:
            return None, "the address is on a private or local network, which redline does not fetch"
        if problem:
            return None, problem
        request = urllib.request.Request(url, headers={"User-Agent": "redline-incident-submission/1",
                                                       "Accept": "text/html"})
        try:
            with _OPENER.open(request, timeout=notify.TIMEOUT_S) as response:
                kind = response.headers.get_content_type()
                if kind not in ("text/html", "application/xhtml+xml"):
                    return None, f"the address answers {kind}, not a web page"
                body = response.read(FETCH_LIMIT)
                charset = response.headers.get_content_charset() or "utf-8"
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                url = urllib.parse.urljoin(url, exc.headers["Location"])
                continue
            return None, f"the site answered HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return None, f"the site could not be reached ({reason})"
        try:
            text = body.decode(charset, errors="replace")
        except LookupError:
            text = body.decode("utf-8", errors="replace")
        return read_page_meta(text), ""
    return None, f"the page redirects more than {MAX_REDIRECTS} times"


# --- submissions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentDraft:
    """What a submitter gives (or the page's metadata suggests); every list holds names or IDs."""

    url: str = ""
    title: str = ""
    summary: str = ""
    publisher: str = ""
    published_on: date | None = None
    archived_url: str = ""
    occurred_on: date | None = None
    developers: list[str] = field(default_factory=list)
    deployers: list[str] = field(default_factory=list)
    harmed: list[str] = field(default_factory=list)
    harm_types: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    severity: str = ""
    cue_ids: list[str] = field(default_factory=list)
    atlas: list[str] = field(default_factory=list)


def draft_from_meta(url: str, meta: PageMeta | None) -> IncidentDraft:
    """A draft pre-filled from the page (title, summary, publisher, date), or holding only the URL."""
    if meta is None:
        return IncidentDraft(url=url)
    return IncidentDraft(url=url, title=meta.title[:200], summary=meta.summary, publisher=meta.publisher[:200],
                         published_on=meta.published, occurred_on=meta.published)


def _cue(ids: list[str]):
    from redline.enumeration.models import CueEntry

    wanted = [i.strip().upper() for i in ids if i.strip()]
    found = {c.pk.upper(): c for c in CueEntry.objects.filter(pk__in=wanted)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise InvalidInput("cue_ids", "no such CUE entry: " + ", ".join(missing))
    return list(found.values())


def _atlas(ids: list[str]) -> list[str]:
    out = [i.strip().upper() for i in ids if i.strip()]
    bad = [i for i in out if not ATLAS_ID_RE.match(i)]
    if bad:
        raise InvalidInput("atlas", f"{bad[0]} is not an ATLAS technique ID (AML.T0051 or AML.T0051.000)")
    return sorted(set(out))


def _words(values: list[str], name: str) -> list[str]:
    out = sorted({" ".join(v.split()).lower() for v in values if v.strip()})
    if any(len(v) > 60 for v in out):
        raise InvalidInput(name, "each value is at most 60 characters")
    return out


def validate(draft: IncidentDraft) -> IncidentDraft:
    """The draft cleaned, or InvalidInput naming the first field at fault."""
    url = check_url(draft.url)
    archived = check_url(draft.archived_url, "archived_url") if draft.archived_url.strip() else ""
    title = " ".join(draft.title.split())
    if not title:
        raise InvalidInput("title", "give the incident a title (what happened, to whom)")
    if len(title) > 200:
        raise InvalidInput("title", "at most 200 characters")
    if not draft.summary.strip():
        raise InvalidInput("summary", "summarise what happened in a sentence or two")
    if draft.severity and draft.severity not in Severity._value2member_map_:
        raise InvalidInput("severity", "one of " + ", ".join(s.value for s in Severity) + ", or not given")
    today = timezone.now().date()
    for name in ("occurred_on", "published_on"):
        day = getattr(draft, name)
        if day and day > today:
            raise InvalidInput(name, "the date is in the future")
    if not (draft.developers or draft.deployers or draft.harmed):
        raise InvalidInput("developers", "name at least one developer, deployer or harmed party")
    return replace(draft, url=url, archived_url=archived, title=title, summary=draft.summary.strip(),
                   publisher=" ".join(draft.publisher.split())[:200], harm_types=_words(draft.harm_types, "harm_types"),
                   sectors=_words(draft.sectors, "sectors"), atlas=_atlas(draft.atlas))


def entity_for(name: str) -> Entity:
    """The entity called ``name``: the redline organisation of that name or slug, or a named party."""
    name = " ".join(name.split())[:200]
    if not name:
        raise InvalidInput("entity", "give the entity's name")
    org = Organisation.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
    if org is not None:
        entity = Entity.objects.filter(organisation=org).first()
        if entity is None:
            entity = Entity.objects.create(slug=_free_slug(org.slug), name=org.name, organisation=org)
        return entity
    entity = Entity.objects.filter(name__iexact=name).first()
    return entity or Entity.objects.create(slug=_free_slug(slugify(name) or "entity"), name=name)


def _free_slug(base: str) -> str:
    base = base[:70]
    slug, n = base, 1
    while Entity.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _attach(inc: Incident, draft: IncidentDraft) -> None:
    for role, names in (("developer", draft.developers), ("deployer", draft.deployers), ("harmed", draft.harmed)):
        for name in names:
            if name.strip():
                IncidentEntity.objects.get_or_create(incident=inc, entity=entity_for(name), role=role)


@transaction.atomic
def submit(user, draft: IncidentDraft) -> Incident:
    """A new incident in the ``submitted`` state, with its first source and its entities."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("sign in to submit an incident, so you can follow its review")
    d = validate(draft)
    cue = _cue(d.cue_ids)
    inc = Incident.objects.create(
        title=d.title, summary=d.summary, state=core.IncidentState.SUBMITTED.value, public=True, submitted_by=user,
        occurred_on=d.occurred_on, severity=d.severity, harm_types=d.harm_types, sectors=d.sectors,
        atlas_techniques=d.atlas)
    inc.cue_entries.set(cue)
    IncidentSource.objects.create(incident=inc, url=d.url, title=d.title, publisher=d.publisher,
                                  published_on=d.published_on, archived_url=d.archived_url)
    _attach(inc, d)
    return inc


# --- review: publish, reject with a reason code, merge with redirect ---------------------


def _advance(inc: Incident, event: core.IncidentEvent) -> None:
    inc.state = core.INCIDENT_MACHINE.apply(core.IncidentState(inc.state), event).value
    inc.decided_at = timezone.now()


@transaction.atomic
def publish(user, inc: Incident) -> Incident:
    _require_coordinator(user, "publish submitted incidents")
    _advance(inc, core.IncidentEvent.PUBLISH)
    inc.save()
    return inc


@transaction.atomic
def reject(user, inc: Incident, code: str, note: str = "") -> Incident:
    """Turn a submission down with a reason code (and an optional note), both shown to the submitter."""
    _require_coordinator(user, "reject submitted incidents")
    if code not in core.REJECTION_REASONS:
        raise InvalidInput("code", "choose one of " + ", ".join(core.REJECTION_REASONS))
    if code == "duplicate":
        raise InvalidInput("code", "a duplicate is merged into the incident it repeats (choose the merge action)")
    _advance(inc, core.IncidentEvent.REJECT)
    inc.rejection_code, inc.rejection_note = code, note.strip()[:2000]
    inc.save()
    return inc


@transaction.atomic
def merge(user, inc: Incident, into: Incident, note: str = "") -> Incident:
    """Merge ``inc`` into ``into``: its reports, sources, entities, CUE entries and links move over, and
    its number redirects there for good."""
    _require_coordinator(user, "merge incidents")
    while into.merged_into_id:  # merging into a merged incident means its target
        into = into.merged_into
    if into.pk == inc.pk:
        raise InvalidInput("into", "an incident cannot be merged into itself")
    if into.state not in PUBLIC_STATES:
        raise InvalidInput("into", f"{into.ref} is not published; merge into a published incident")
    was_submission = inc.state == core.IncidentState.SUBMITTED
    _advance(inc, core.IncidentEvent.MERGE)
    into.reports.add(*inc.reports.all())
    into.cue_entries.add(*inc.cue_entries.all())
    relate(into, [r for r in inc.related.all() if r.pk != into.pk])
    for src in inc.sources.all():
        if not into.sources.filter(url=src.url).exists():
            IncidentSource.objects.create(incident=into, url=src.url, title=src.title, publisher=src.publisher,
                                          published_on=src.published_on, archived_url=src.archived_url)
    for link in inc.entity_links.all():
        IncidentEntity.objects.get_or_create(incident=into, entity=link.entity, role=link.role)
    for name in ("harm_types", "sectors", "atlas_techniques"):
        setattr(into, name, sorted(set(getattr(into, name)) | set(getattr(inc, name))))
    into.timeline = sorted([*into.timeline, {"at": timezone.now().date().isoformat(),
                                             "text": f"{inc.ref} merged into this incident" +
                                                     (f": {note.strip()}" if note.strip() else "")}],
                           key=lambda e: e["at"])
    into.save()
    inc.merged_into = into
    if was_submission:  # the submitter is told why their draft did not become an incident of its own
        inc.rejection_code = "duplicate"
    inc.rejection_note = note.strip()[:2000]
    inc.save()
    Incident.objects.filter(merged_into=inc).update(merged_into=into)
    return inc


def resolve(inc: Incident) -> Incident:
    """The incident a merged number stands for now (itself when not merged)."""
    seen = {inc.pk}
    while inc.merged_into_id and inc.merged_into_id not in seen:
        seen.add(inc.merged_into_id)
        inc = inc.merged_into
    return inc


# --- editing a published incident ---------------------------------------------------------


@transaction.atomic
def add_source(user, inc: Incident, url: str, *, title: str = "", publisher: str = "",
               published_on: date | None = None, archived_url: str = "") -> IncidentSource:
    _require_edit(user, inc)
    url = check_url(url)
    if inc.sources.filter(url=url).exists():
        raise InvalidInput("url", "this source is already cited")
    return IncidentSource.objects.create(
        incident=inc, url=url, title=" ".join(title.split())[:300], publisher=" ".join(publisher.split())[:200],
        published_on=published_on,
        archived_url=check_url(archived_url, "archived_url") if archived_url.strip() else "")


@transaction.atomic
def add_entity(user, inc: Incident, name: str, role: str) -> IncidentEntity:
    _require_edit(user, inc)
    if role not in core.ENTITY_ROLES:
        raise InvalidInput("role", "one of " + ", ".join(core.ENTITY_ROLES))
    link, _ = IncidentEntity.objects.get_or_create(incident=inc, entity=entity_for(name), role=role)
    return link


@transaction.atomic
def link_related(user, inc: Incident, other_pk: int) -> Incident:
    """Link a recurrence (or otherwise related incident) both ways."""
    _require_edit(user, inc)
    other = visible(user).filter(pk=other_pk).first()
    if other is None:
        raise InvalidInput("related", f"no incident {other_pk} you may see")
    other = resolve(other)
    if other.pk == inc.pk:
        raise InvalidInput("related", "an incident is not related to itself")
    relate(inc, [other])
    return other


@transaction.atomic
def link_reports(user, inc: Incident, reports: list[Report]) -> None:
    """Add reports to an incident (a report may describe several incidents)."""
    _require_edit(user, inc)
    refused = [r.ref for r in reports if not (policy.is_coordinator(user) or policy.can_act_on_case(user, r))]
    if refused:
        raise PermissionDenied("you may link only reports you act on; not " + ", ".join(refused))
    inc.reports.add(*reports)


# --- the list and its facets ----------------------------------------------------------------


def search(user, chosen: dict[str, str]) -> tuple[QuerySet[Incident], dict[str, list[tuple[str, int]]]]:
    """The visible published incidents that hold every chosen facet value, and the facet counts over
    those matches; both in SQL (:mod:`redline.disclosure.incident_facets`)."""
    from redline.disclosure import incident_facets

    return incident_facets.search(visible(user).filter(state=core.IncidentState.PUBLISHED), chosen)


def relate(incident: Incident, others: list[Incident]) -> None:
    """Link recurring incidents both ways; the ledger's link signal records both ends of each new link
    (links that already exist change nothing and record nothing, so the demo loads twice)."""
    incident.related.add(*others)
