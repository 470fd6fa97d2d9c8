"""Intake: the safe-harbor terms, report submission (one or many), attachments and follow-up tokens.

A submission opens a case with every affected vendor, reserves a public ID and
is indexed for near-duplicate suggestions, in one transaction.  Bad input
raises ``InvalidInput("field", "problem")``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from redline.accounts import ratelimit
from redline.accounts.models import Organisation, hash_secret
from redline.core.disclosure import publication as core_pub
from redline.core.disclosure.clocks import Severity
from redline.core.errors import InvalidInput, RateLimited
from redline.core.formats.neutral import ReportKind
from redline.core.text import refuse_bad_values
from redline.disclosure import duplicates
from redline.disclosure.models import (
    WITHHOLDABLE,
    Advisory,
    Attachment,
    Case,
    DuplicateLink,
    Participant,
    Report,
    SafeHarborTerms,
    Sensitivity,
)
from redline.ledger import rows
from redline.ledger.services import lock_head, record_many, request_head

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
ALLOWED_TYPES = {
    "text/plain", "text/csv", "application/json", "application/pdf", "image/png", "image/jpeg",
    "application/x-ndjson", "application/zip",
}
ALLOWED_SUFFIXES = {".txt", ".csv", ".json", ".jsonl", ".pdf", ".png", ".jpg", ".jpeg", ".log", ".zip", ".md"}

#: The longest text each field of a submission may hold, in characters (form, API and CLI alike; imports of
#: AVID and FLARE files are not submissions). Documented in docs/disclosure.md; a test keeps them in step.
TEXT_LIMITS = {
    "title": 200, "description": 20_000, "expected_behaviour": 10_000, "actual_behaviour": 10_000,
    "policy_violated": 5_000, "reproduction": 50_000, "prevalence": 40, "disclosure_intent": 12,
    "reporter_email": 254,
}
#: List fields: (most entries, longest entry in characters); a reference's limit is its URL's.
LIST_LIMITS = {
    "models": (50, 200), "vendors": (50, 100), "affected_systems": (50, 300), "cue_ids": (50, 20),
    "harm_types": (20, 200), "affected_stakeholders": (20, 200), "credits": (20, 200), "references": (50, 2_000),
}
REFERENCE_LABEL_LIMIT = 200

# --- safe harbor -----------------------------------------------------------------


def terms_in_force() -> SafeHarborTerms | None:
    return SafeHarborTerms.objects.filter(in_force=True).order_by("-published_at").first()


DEFAULT_TERMS = (
    "We will not pursue legal action against good-faith research that follows these terms: test only "
    "systems you are allowed to use, avoid harm to people and data, stop when you reach sensitive data, "
    "report promptly through redline, and keep details private until the case is published or the embargo "
    "ends. Reports that involve child sexual abuse material must not include the material itself."
)


@transaction.atomic
def publish_terms(version: str, text: str) -> SafeHarborTerms:
    """Put a new version of the safe-harbor terms in force (older versions stay, no longer in force)."""
    if not version.strip() or not text.strip():
        raise InvalidInput("version", "the terms need a version and a text")
    if SafeHarborTerms.objects.filter(version=version).exists():
        raise InvalidInput("version", f"terms {version} already exist; versions are never edited")
    for old in SafeHarborTerms.objects.filter(in_force=True):
        old.in_force = False
        old.save()
    return SafeHarborTerms.objects.create(version=version, text=text, in_force=True)


def ensure_terms() -> SafeHarborTerms:
    return terms_in_force() or publish_terms("1.0", DEFAULT_TERMS)


def _send_terms() -> rows.Sent:
    """Ask for ``(id, version)`` of the terms in force (as :func:`terms_in_force`); see :func:`_read_terms`."""
    return rows.send(f"SELECT id, version FROM {_table(SafeHarborTerms)} WHERE in_force "
                     "ORDER BY published_at DESC LIMIT 1", [])


def _read_terms(sent: rows.Sent) -> tuple[int, str]:
    """The answer to :func:`_send_terms`, the terms put in force first if none are."""
    found = sent.rows()
    if not found:
        terms = ensure_terms()
        return terms.pk, terms.version
    return found[0][0], found[0][1]


# --- intake ----------------------------------------------------------------------


@dataclass
class Submission:
    """What a reporter submits, from the form, the API, the CLI or an importer."""

    title: str
    description: str
    kind: str = ReportKind.VULNERABILITY.value
    expected_behaviour: str = ""
    actual_behaviour: str = ""
    policy_violated: str = ""
    reproduction: str = ""
    models: list[str] = field(default_factory=list)  # "org/slug"
    vendors: list[str] = field(default_factory=list)  # organisation slugs
    affected_systems: list[dict[str, Any]] = field(default_factory=list)
    cue_ids: list[str] = field(default_factory=list)
    severity: str = Severity.MEDIUM.value
    prevalence: str = ""
    harm_types: list[str] = field(default_factory=list)
    affected_stakeholders: list[str] = field(default_factory=list)
    disclosure_intent: str = ""
    credits: list[str] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    real_world_harm: bool = False
    malicious_use: bool = False
    csam_path: bool = False
    reporter_email: str = ""
    accepted_terms: str = ""
    restricted_fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes
    content_type: str
    sensitivity: str = Sensitivity.RESTRICTED.value


@dataclass
class Submitted:
    report: Report
    token: str
    suggestions: list[duplicates.DuplicateSuggestion]


def too_long(limit: int, length: int) -> str:
    """The one wording of a length refusal (the form uses it too)."""
    hint = "; shorten it, or attach the rest as a file" if limit >= 1_000 else ""
    return f"at most {limit:,} characters (this has {length:,}){hint}"


def _check_limits(sub: Submission) -> None:
    for name, limit in TEXT_LIMITS.items():
        value = getattr(sub, name)
        if not isinstance(value, str):
            raise InvalidInput(name, "expected text")
        if len(value) > limit:
            raise InvalidInput(name, too_long(limit, len(value)))
    for name, (most, longest) in LIST_LIMITS.items():
        values = getattr(sub, name)
        if not isinstance(values, list):
            raise InvalidInput(name, "expected a list")
        if len(values) > most:
            raise InvalidInput(name, f"at most {most} entries (this has {len(values)})")
        for v in values:
            texts = [x for x in v.values() if isinstance(x, str)] if isinstance(v, dict) else [v]
            if name == "references" and isinstance(v, dict):
                texts = [v.get("url") or ""]
            for text in texts:
                if isinstance(text, str) and len(text) > longest:
                    raise InvalidInput(name, f"each entry at most {longest:,} characters ({text[:40]!r}… has "
                                             f"{len(text):,})")


def _clean_references(refs: list[Any]) -> list[dict[str, str]]:
    """``{"url", "label", "type"}`` dicts with an http(s) URL: they become links on the public advisory."""
    out = []
    for i, ref in enumerate(refs, start=1):
        if isinstance(ref, str):
            ref = {"url": ref}
        if not isinstance(ref, dict) or not isinstance(ref.get("url"), str):
            raise InvalidInput("references", f"reference {i}: give an object with a url")
        url = ref["url"].strip()
        if not url.lower().startswith(("http://", "https://")) or len(url) < 11 or any(c.isspace() for c in url):
            raise InvalidInput("references", f"reference {i}: {url[:60]!r} is not a web address (http:// or https://)")
        label, kind = ref.get("label") or "", ref.get("type") or ""
        if not isinstance(label, str) or not isinstance(kind, str):
            raise InvalidInput("references", f"reference {i}: label and type must be text")
        if len(label) > REFERENCE_LABEL_LIMIT or len(kind) > 40:
            raise InvalidInput("references", f"reference {i}: the label may hold at most {REFERENCE_LABEL_LIMIT} "
                                             "characters, the type 40")
        out.append({k: v for k, v in (("url", url), ("label", label.strip()), ("type", kind.strip())) if v})
    return out


def _clean_systems(systems: Any) -> list[dict[str, str | None]]:
    """Affected systems as ``{"vendor", "model", "version"}`` text (any other key is kept if text too)."""
    if not isinstance(systems, list):
        raise InvalidInput("affected_systems", "expected a list of {vendor, model, version}")
    out = []
    for i, system in enumerate(systems):
        if not isinstance(system, dict):
            raise InvalidInput(f"affected_systems.{i}", "expected an object with vendor, model and version")
        for key, value in system.items():
            if value is not None and not isinstance(value, str):
                raise InvalidInput(f"affected_systems.{i}.{key}", "expected text")
        out.append(dict(system))
    return out


def _clean(sub: Submission) -> Submission:
    for name in Submission.__dataclass_fields__:  # NUL, NaN and infinity: storable on both databases
        refuse_bad_values(name, getattr(sub, name))
    if not isinstance(sub.references, list) or not all(isinstance(r, (dict, str)) for r in sub.references):
        raise InvalidInput("references", "expected a list of web addresses or {url, label, type} objects")
    sub = replace(sub, affected_systems=_clean_systems(sub.affected_systems))
    _check_limits(sub)
    title, description = sub.title.strip(), sub.description.strip()
    if not title:
        raise InvalidInput("title", "a short title is required")
    if not description:
        raise InvalidInput("description", "describe the flaw, misuse, hazard or incident")
    if sub.kind not in ReportKind._value2member_map_:
        raise InvalidInput("kind", f"must be one of {', '.join(k.value for k in ReportKind)}")
    if sub.severity not in Severity._value2member_map_:
        raise InvalidInput("severity", f"must be one of {', '.join(s.value for s in Severity)}")
    bad = [f for f in sub.restricted_fields if f not in WITHHOLDABLE]
    if bad:
        raise InvalidInput("restricted_fields", f"{bad[0]!r} cannot be restricted (choose from {', '.join(WITHHOLDABLE)})")
    for name in ("harm_types", "affected_stakeholders", "credits", "cue_ids", "models", "vendors"):
        value = getattr(sub, name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(name, "expected a list of strings")
    reproduction = "" if sub.csam_path else sub.reproduction.strip()
    return replace(sub, title=title, description=description, reproduction=reproduction,
                   references=_clean_references(sub.references))


_MODEL_COLUMNS = ("id", "organisation_id", "slug", "name", "version", "licence")
_ORG_COLUMNS = ("id", "slug", "name", "kind")


def _send_models(names: list[str]) -> rows.Sent | None:
    """Ask for the models named ``ORG/SLUG`` in ``names`` with their organisations, in one plain
    statement (the model's large columns, such as its card, are never read); see :func:`_read_models`."""
    from redline.registry.models import AIModel, Deployment

    if not names:
        return None
    wanted = {tuple(n.partition("/")[::2]) for n in names}
    org_cols = ", ".join(f"o.{c}" for c in _ORG_COLUMNS)
    sql = (f"SELECT {', '.join(f'm.{c}' for c in _MODEL_COLUMNS)}, {org_cols}, EXISTS (SELECT 1 FROM "
           f"{_table(Deployment)} d WHERE d.model_id = m.id AND d.mode IN (%s, %s)) FROM {_table(AIModel)} m "
           f"JOIN {_table(Organisation)} o ON o.id = m.organisation_id WHERE "
           + " OR ".join(["(o.slug = %s AND m.slug = %s)"] * len(wanted)))
    return rows.send(sql, [*OPEN_WEIGHT_MODES, *(v for key in sorted(wanted) for v in key)])


def _read_models(sent: rows.Sent | None, names: list[str]) -> list[tuple[Any, bool]]:
    """The answer to :func:`_send_models`; InvalidInput naming the first unknown model."""
    from django.db import connection

    from redline.registry.models import AIModel

    found = {}
    n = len(_MODEL_COLUMNS)
    for row in sent.rows() if sent else ():
        model = AIModel.from_db(connection.alias, list(_MODEL_COLUMNS), row[:n])
        org = Organisation.from_db(connection.alias, list(_ORG_COLUMNS), row[n:n + len(_ORG_COLUMNS)])
        model._state.fields_cache["organisation"] = org
        licence = (model.licence or "").strip().lower()
        found[(org.slug, model.slug)] = (model, licence not in ("", "proprietary", "unknown") or bool(row[-1]))
    out = []
    for name in names:
        key = tuple(name.partition("/")[::2])
        if key not in found:
            raise InvalidInput("models", f"no model {name!r} (give ORG/SLUG)")
        out.append(found[key])
    return out


def _send_cue_ids(ids: list[str]) -> rows.Sent | None:
    from redline.enumeration.models import CueEntry

    if not ids:
        return None
    return rows.send(f"SELECT cue_id FROM {_table(CueEntry)} WHERE cue_id IN ({', '.join(['%s'] * len(ids))})", ids)


def _read_cue_ids(sent: rows.Sent | None, ids: list[str]) -> set[str]:
    found = [row[0] for row in sent.rows()] if sent else []
    missing = sorted(set(ids) - set(found))
    if missing:
        raise InvalidInput("cue_ids", f"unknown CUE entry {missing[0]}")
    return set(found)


# Plain SQL for the lookups every submission makes: compiling an ORM query cost ~50 times the query
# itself (0.9 ms against 0.02 ms on the 2-core machine), and a report makes a dozen.


def _table(model) -> str:
    from django.db import connection

    return connection.ops.quote_name(model._meta.db_table)


def _column(sql: str, params: list) -> list:
    from django.db import connection

    with rows.cursor(connection) as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]


def _exists(sql: str, params: list) -> bool:
    return bool(_column(sql + " LIMIT 1", params))


def _send_last_sequence(year: int) -> rows.Sent:
    """Ask for the year's highest advisory sequence (send it after :func:`lock_head`, so concurrent
    intakes queue)."""
    return rows.send(f"SELECT sequence FROM {_table(Advisory)} WHERE year = %s ORDER BY sequence DESC LIMIT 1",
                     [year])


def _read_last_sequence(sent: rows.Sent) -> int:
    found = sent.rows()
    return found[0][0] if found else 0


def _last_sequence(year: int) -> int:
    """The year's highest advisory sequence (read under :func:`lock_head`, so concurrent intakes queue)."""
    return _read_last_sequence(_send_last_sequence(year))


def _send_vendors(slugs: list[str]) -> rows.Sent | None:
    if not slugs:
        return None
    return rows.send(f"SELECT {', '.join(_ORG_COLUMNS)} FROM {_table(Organisation)} WHERE slug IN "
                     f"({', '.join(['%s'] * len(slugs))})", list(slugs))


def _read_vendors(sent: rows.Sent | None, slugs: list[str]) -> list[Organisation]:
    from django.db import connection

    found = {row[1]: Organisation.from_db(connection.alias, list(_ORG_COLUMNS), row)
             for row in (sent.rows() if sent else ())}
    orgs = []
    for slug in slugs:
        org = found.get(slug)
        if org is None:
            raise InvalidInput("vendors", f"no organisation {slug!r}")
        if org.kind != "developer":
            raise InvalidInput("vendors", f"{slug!r} is not a developer organisation")
        orgs.append(org)
    return orgs


def _check_upload(up: Upload) -> None:
    import os

    suffix = os.path.splitext(up.name)[1].lower()
    if len(up.content) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("attachments", f"{up.name} is larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    if suffix not in ALLOWED_SUFFIXES or (up.content_type and up.content_type.split(";")[0] not in ALLOWED_TYPES
                                          and up.content_type != "application/octet-stream"):
        raise InvalidInput("attachments", f"{up.name} has a type that is not accepted "
                           f"({', '.join(sorted(ALLOWED_SUFFIXES))})")
    if up.sensitivity not in Sensitivity.values:
        raise InvalidInput("attachments", f"sensitivity must be one of {', '.join(Sensitivity.values)}")


def new_token() -> str:
    return "rlf_" + secrets.token_urlsafe(32)


def report_for_token(token: str) -> Report | None:
    if not token or not token.startswith("rlf_"):
        return None
    return Report.objects.filter(followup_token_hash=hash_secret(token)).first()


def _next_public_id(year: int) -> tuple[str, int]:
    lock_head()
    seq = _last_sequence(year) + 1
    return core_pub.format_public_id(year, seq), seq


def reserve_public_id(report: Report, at: datetime) -> Advisory:
    public_id, seq = _next_public_id(at.year)
    # The ledger's "create" entry of the advisory records the reserved state.
    return Advisory.objects.create(public_id=public_id, year=at.year, sequence=seq, report=report, reserved_at=at)


@transaction.atomic
def submit_report(sub: Submission, *, reporter=None, uploads: list[Upload] = (), now: datetime | None = None,
                  require_terms: bool = True, index: bool = True, client: str | None = None) -> Submitted:
    """Store a report, open its case with every affected vendor, reserve its public ID and index it.

    ``client`` (the sender's address, from the web form and the API) counts an anonymous report
    against the per-address limit (``REDLINE_REPORT_RATE_LIMIT``); RateLimited past it.

    Returns the report, the follow-up token (shown once; only its hash is kept)
    and near-duplicate suggestions.
    """
    anonymous = client is not None and not getattr(reporter, "pk", None)
    if anonymous:
        refuse_if_over_report_limit(client)
    if sub.csam_path and uploads:
        raise InvalidInput("attachments", "reports on the CSAM path must not carry files; describe where, not what")
    if len(uploads) > MAX_ATTACHMENTS:
        raise InvalidInput("attachments", f"at most {MAX_ATTACHMENTS} files")
    for up in uploads:
        _check_upload(up)
    done = _store_many([sub], reporter=reporter, now=now, require_terms=require_terms, index=index)[0]
    for up in uploads:
        add_attachment(done.report, up)
    if anonymous:
        ratelimit.note_failure("report", client, window=settings.REPORT_RATE_WINDOW)
    return done


def refuse_if_over_report_limit(client: str) -> None:
    """RateLimited once ``client`` (an address) sent REPORT_RATE_LIMIT anonymous reports in the window.

    Each report notifies vendors, so anonymous intake is counted per address; signed-in reporters
    and API tokens are not limited here.
    """
    if ratelimit.is_blocked("report", client, settings.REPORT_RATE_LIMIT):
        minutes = max(1, settings.REPORT_RATE_WINDOW // 60)
        raise RateLimited(f"too many reports from your address; try again within {minutes} minutes, or sign in")


class _Lookups:
    """Per-batch caches of models, CUE entries, vendors and open-weight flags."""

    def __init__(self) -> None:
        self.models: dict[str, Any] = {}
        self.cues: set[str] = set()
        self.vendors: dict[str, Organisation] = {}
        self.open: dict[int, bool] = {}

    def send(self, subs: list[Submission]):
        """Ask for every model, CUE entry and vendor ``subs`` name; ``read`` the answers after sending
        what else the step needs (in a pipeline, one wait for all of it)."""
        models = list(dict.fromkeys(n for sub in subs for n in sub.models))
        cues = sorted({c for sub in subs for c in sub.cue_ids})
        vendors = list(dict.fromkeys(v for sub in subs for v in sub.vendors))
        return (models, _send_models(models)), (cues, _send_cue_ids(cues)), (vendors, _send_vendors(vendors))

    def read(self, sent) -> None:
        """Cache the answers to :meth:`send`; InvalidInput naming the first unknown name."""
        (models, m_sent), (cues, c_sent), (vendors, v_sent) = sent
        for (m, open_weights), name in zip(_read_models(m_sent, models), models, strict=True):
            self.models[name] = m
            self.open.setdefault(m.pk, open_weights)
        self.cues |= _read_cue_ids(c_sent, cues)
        for v, slug in zip(_read_vendors(v_sent, vendors), vendors, strict=True):
            self.vendors[slug] = v

    def resolve(self, sub: Submission):
        """The models, CUE IDs and vendors of ``sub`` (one of those :meth:`read` looked up)."""
        models = [self.models[n] for n in sub.models]
        vendors = [self.vendors[v] for v in sub.vendors]
        for m in models:
            if m.organisation not in vendors:
                vendors.append(m.organisation)
        return models, list(dict.fromkeys(sub.cue_ids)), vendors


@transaction.atomic
def submit_many(subs: list[Submission], *, reporter=None, now: datetime | None = None, require_terms: bool = True,
                index: bool = True) -> list[Submitted]:
    """Store many submissions in one transaction (the intake form, API and CLI submit one at a time).

    Rows are written with bulk inserts and the ledger gets the same "create"
    entries the save signals would write, appended in one batch.
    """
    return _store_many(subs, reporter=reporter, now=now, require_terms=require_terms, index=index)


def _store_many(subs: list[Submission], *, reporter, now: datetime | None, require_terms: bool,
                index: bool) -> list[Submitted]:
    """The body of :func:`submit_many`, run inside the caller's transaction (no savepoint of its own).

    On PostgreSQL the statements are pipelined and the new rows' keys drawn from their sequences up
    front, so only the statements whose answers are read (the lookups, the keys, the numbering and
    ledger heads, the duplicate candidates) wait for the server; the writes are answered together.
    """
    with rows.pipelined():
        return _store_many_pipelined(subs, reporter=reporter, now=now, require_terms=require_terms, index=index)


def _store_many_pipelined(subs: list[Submission], *, reporter, now: datetime | None, require_terms: bool,
                          index: bool) -> list[Submitted]:
    if not subs:
        return []
    now = now or timezone.now()
    subs = [_clean(sub) for sub in subs]
    # Everything the writes need is asked for first and read after: in a pipeline, one wait for all.
    terms = _send_terms() if require_terms else None
    look = _Lookups()
    asked = look.send(subs)
    public_n = sum(1 for sub in subs if not sub.csam_path)
    # at most one participation per vendor named and per model's developer (unused keys leave gaps)
    ids = rows.reserve_ids({Report: len(subs), Case: len(subs), Advisory: public_n, Participant: sum(
        len(set(sub.vendors)) + len(set(sub.models)) for sub in subs if not sub.csam_path)})
    signatures = [duplicates.signature(duplicates.text_of(sub.title, sub.description, sub.actual_behaviour))
                  if index and not sub.csam_path else None for sub in subs]  # while the server answers
    look.read(asked)
    terms_id, version = _read_terms(terms) if terms else (None, None)
    prepared = []
    for sub in subs:
        if require_terms and sub.accepted_terms != version:
            raise InvalidInput("accepted_terms", f"accept the safe-harbor terms in force (version {version})")
        models, cues, vendors = look.resolve(sub)
        systems = list(sub.affected_systems) or [
            {"vendor": m.organisation.name, "model": m.name, "version": m.version or None} for m in models]
        prepared.append((sub, models, cues, vendors, systems, new_token()))
    reporter_obj = reporter if getattr(reporter, "pk", None) else None
    new_reports = [Report(
        kind=sub.kind, title=sub.title, description=sub.description, expected_behaviour=sub.expected_behaviour,
        actual_behaviour=sub.actual_behaviour, policy_violated=sub.policy_violated, reproduction=sub.reproduction,
        affected_systems=systems, severity=sub.severity, prevalence=sub.prevalence, harm_types=sub.harm_types,
        affected_stakeholders=sub.affected_stakeholders, disclosure_intent=sub.disclosure_intent,
        credits=sub.credits, references=sub.references, real_world_harm=sub.real_world_harm,
        malicious_use=sub.malicious_use, csam_path=sub.csam_path,
        field_visibility={f: "restricted" for f in sub.restricted_fields}, reporter=reporter_obj,
        reporter_email=sub.reporter_email or getattr(reporter, "email", "") or "",
        followup_token_hash=hash_secret(token), safe_harbor_id=terms_id, submitted_at=now,
        signature=signature,
    ) for (sub, _m, _c, _v, systems, token), signature in zip(prepared, signatures, strict=True)]
    rows.assign_ids(new_reports, ids.get(Report))
    reports = rows.insert(new_reports)
    model_links = {r.pk: list(dict.fromkeys(m.pk for m in p[1])) for r, p in zip(reports, prepared, strict=True)}
    cue_links = {r.pk: p[2] for r, p in zip(reports, prepared, strict=True)}
    _insert_links(Report.affected_models.through, ("report_id", "aimodel_id"),
                  [(pk, m) for pk, ms in model_links.items() for m in ms])
    _insert_links(Report.cue_entries.through, ("report_id", "cueentry_id"),
                  [(pk, c) for pk, cs in cue_links.items() for c in cs])
    cases = [Case(report=r, opened_at=now) for r in reports]
    rows.assign_ids(cases, ids.get(Case))
    rows.insert(cases)
    parts, advisories = [], []
    public = [(r, p) for r, p in zip(reports, prepared, strict=True) if not p[0].csam_path]
    for case, p in zip(cases, prepared, strict=True):
        if p[0].csam_path:
            continue  # the CSAM path goes to coordinators only: no vendor, no public ID
        for vendor in p[3]:
            parts.append(Participant(case=case, vendor=vendor, severity=p[0].severity, received_at=now,
                                     open_weights=any(look.open[m.pk] for m in p[1] if m.organisation_id == vendor.pk)))
    rows.assign_ids(parts, ids.get(Participant))
    rows.insert(parts)
    queries = [duplicates.Query(r.signature, _first_model(p[1], p[4]), p[2], exclude=r.pk)
               for r, p in zip(reports, prepared, strict=True) if r.signature is not None]
    found = iter(duplicates.suggest_many(queries, in_order=True) if queries else ())
    out, links = [], []
    for r, p in zip(reports, prepared, strict=True):
        suggestions = next(found) if r.signature is not None else []
        links += [DuplicateLink(report=r, original_id=s.report_id, score=s.score) for s in suggestions]
        out.append(Submitted(r, p[5], suggestions))
    duplicates.index_signatures([(r.pk, r.signature) for r in reports if r.signature is not None])
    # From here to the commit, under the ledger's writer lock: public IDs are numbered and the ledger
    # extended where concurrent intakes queue (asked for together, one wait in a pipeline).
    lock_head()
    last_seq = _send_last_sequence(now.year) if public else None
    head = request_head(len(reports) + len(cases) + len(parts) + len(public) + len(links))
    rows.assign_ids(links, rows.reserve_ids({DuplicateLink: len(links)}).get(DuplicateLink))
    if public:
        seq = _read_last_sequence(last_seq)
        for i, (r, _p) in enumerate(public, start=1):
            advisories.append(Advisory(public_id=core_pub.format_public_id(now.year, seq + i), year=now.year,
                                       sequence=seq + i, report=r, reserved_at=now))
        rows.assign_ids(advisories, ids.get(Advisory))
        rows.insert(advisories)
    links = rows.insert(links)
    # The links these rows have were written just above (a reserved advisory has none yet), so their
    # digests need not read them back; `redline ledger verify` reads every link table.
    written = {Report: {"affected_models": model_links, "cue_entries": cue_links},
               Advisory: {"ai_models": {}, "organisations": {}, "cue_entries": {}}}
    record_many([*reports, *cases, *parts, *advisories, *links], links=written, head_locked=True, head=head)
    from redline.disclosure.tasks import (
        enqueue_in_transaction,
        ensure_clock_scheduled_soon,
        notify_new_reports,
        queued_in_database,
    )

    transaction.on_commit(ensure_clock_scheduled_soon)
    ids = [r.pk for r in reports]
    if queued_in_database():
        enqueue_in_transaction(notify_new_reports, ids)  # commits with the reports: one commit, none without
    else:
        transaction.on_commit(lambda: notify_new_reports.enqueue(ids))  # e.g. run at once, after the commit
    return out


def _insert_links(through, columns: tuple[str, str], values: list[tuple]) -> None:
    """Many-to-many rows as plain INSERTs: no model instances, no RETURNING (nothing reads their ids)."""
    rows.insert_values(through, [c.removesuffix("_id") for c in columns], values)


def _first_model(models, systems) -> str | None:
    """The model a new report is compared under: its first registered model, else a free-text name."""
    if models:
        return models[0].full_slug
    return next((s.get("model") for s in systems if isinstance(s, dict) and s.get("model")), None)


def suggestions_for(user, suggestions: list[duplicates.DuplicateSuggestion]) -> list[duplicates.DuplicateSuggestion]:
    """The duplicate suggestions ``user`` may be shown: published advisories to anyone, other matches
    (reserved IDs, unpublished reports) only to those who may see those reports (the vendors on their
    cases, coordinators); an anonymous reporter must not learn that a private report exists."""
    from redline.accounts import policy

    ids = [s.report_id for s in suggestions]
    if not ids:
        return []
    shown = set(Advisory.objects.filter(report_id__in=ids, state=core_pub.PublicationState.PUBLISHED.value)
                .values_list("report_id", flat=True))
    if getattr(user, "is_authenticated", False):
        shown |= set(Report.objects.filter(policy.reports_visible_filter(user), pk__in=ids)
                     .values_list("pk", flat=True))
    return [s for s in suggestions if s.report_id in shown]


OPEN_WEIGHT_MODES = ("open_weights", "gated_open_weights")


def _open_weights(model) -> bool:
    """Weights are out (so "fix deployed" can never hold) for an openly licensed or open-weight-deployed model."""
    from redline.registry.models import Deployment

    licence = (model.licence or "").strip().lower()
    if licence not in ("", "proprietary", "unknown"):
        return True
    return _exists(f"SELECT 1 FROM {_table(Deployment)} WHERE model_id = %s AND mode IN (%s, %s)",
                   [model.pk, *OPEN_WEIGHT_MODES])


def add_attachment(report: Report, up: Upload) -> Attachment:
    from django.core.files.base import ContentFile

    _check_upload(up)
    if report.csam_path:
        raise InvalidInput("attachments", "reports on the CSAM path must not carry files")
    att = Attachment(report=report, name=up.name[:200], content_type=up.content_type or "application/octet-stream",
                     size=len(up.content), sha256=hashlib.sha256(up.content).hexdigest(), sensitivity=up.sensitivity)
    att.file.save(f"{secrets.token_hex(8)}-{_safe_name(up.name)}", ContentFile(up.content), save=False)
    att.save()
    return att


def _safe_name(name: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[-80:] or "file"
