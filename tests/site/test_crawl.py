"""Crawl the demo site as each kind of user and check what a person would hit.

The demo is loaded once per module inside a transaction that is rolled back at the end, so the
crawl works the same on SQLite and PostgreSQL. From ``/`` every internal ``<a href>``,
``<link rel=alternate>`` twin and ``<img src>`` is followed breadth-first with GET only. Each role
must see no 5xx, no broken internal link, one ``<h1>``, a ``<main>`` and a plain-text ``<title>`` on
every HTML page, alt text on every image, valid JSON in every JSON response, and anonymous
visitors must never see the restricted demo model.

Issue 11 added the indirect paths: the crawl also starts from the ledger page and its JSON twin,
the API lists and the incident twin, and the demo gets a public incident that groups an embargoed
report. No one outside that case may meet its title anywhere, nor the vendor-named state changes of
unpublished cases in the ledger.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from pdftext import pdf_text

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "triager": "triager@aurora-labs.demo.redline.test",
    "reviewer": "reviewer1@isrb.demo.redline.test",
    "regulator": "auditor@ai-safety-office.demo.redline.test",
    "coordinator": "coordinator@coordination-centre.demo.redline.test",
    "operator": "operator@demo.redline.test",
    # issue 12: every role has a dashboard as its signed-in home
    "reporter": "researcher@open-red-team.demo.redline.test",
    "adjudicator": "adjudicator@adjudication-panel.demo.redline.test",
    "org_admin": "admin@aurora-labs.demo.redline.test",
}
MAX_PAGES = 400
#: At most this many pages of one URL shape (digits and CUE IDs folded), so 55 CUE entries or
#: 8 ledger pages do not eat the budget before the rest of the site is reached.
MAX_PER_SHAPE = 6
#: The restricted demo model (visible to reviewers and regulators only).
RESTRICTED_MARKER = "Meridian Bio"
#: An embargoed demo case (Aurora's): only Aurora, coordinators and operators may meet its title.
EMBARGO_MARKER = "fictional-lab framing"
#: Aurora Labs' internal (organisation-only) forecast question: only Aurora's members and operators meet it.
INTERNAL_QUESTION_MARKER = "Aurora internal: will our next model"
#: The grounds of the demo's dispute with Meridian on the three-vendor case (issue 10): only the reporter,
#: Meridian, coordinators and adjudicators may meet them, not Aurora, which is on the same case.
DISPUTE_MARKER = "Meridian has not acknowledged"
#: Ledger actions on unpublished cases that name a vendor; never shown to anonymous visitors.
LEDGER_MARKERS = ("state:accept:", "state:propose_embargo")
#: Where every crawl starts, besides the links it finds: the indirect paths of issue 11.
START = ["/", "/ledger/", "/ledger.json", "/ledger.json?page=2", "/incidents.json", "/advisories.json",
         "/api/advisories", "/api/cases", "/api/models", "/api/orgs", "/disputes/", "/disputes.json",
         "/dashboard/", "/dashboard.json",
         "/models/aurora-labs/aurora-2/safety-cases/", "/api/models/aurora-labs/aurora-2/safety-cases",
         "/forecasts/", "/forecasts/export.jsonl", "/forecasts/feed.atom", "/api/forecasts/questions",
         "/incidents/", "/incidents/submit/", "/incidents/submissions/", "/incidents/submissions.json",
         "/entities/", "/entities.json", "/api/incidents?limit=100",
         # issue 16: documents on every surface (pages, twins, exports, feed, API)
         "/documents/", "/documents.json", "/documents/feed.atom", "/api/documents",
         "/documents/aurora-labs/aurora-2-capability-report/", "/documents/aurora-labs/aurora-2-capability-report.json",
         "/documents/aurora-labs/aurora-2-capability-report/export.json",
         "/documents/aurora-labs/aurora-2-capability-report/export.md",
         "/api/documents/aurora-labs/aurora-2-capability-report",
         "/documents/openforge/support-inbox-prompt-injection/",
         # issue 16: the transparency pages and the released quarterly report
         "/orgs/aurora-labs/transparency/", "/orgs/aurora-labs/transparency.json",
         "/orgs/aurora-labs/transparency/fmti.json", "/orgs/aurora-labs/transparency/eu-form.json",
         "/orgs/aurora-labs/transparency/nist.json", "/orgs/aurora-labs/transparency/compare.json"]
#: Pages whose API twin is crawled with them (the API's JSON holds no links to follow).
API_TWINS = ((re.compile(r"^/incidents/(\d+)/$"), "/api/incidents/{}"),)
#: The accepted demo safety case (issue 14), public with its model: every role reaches it from the model page.
SAFETY_CASE_MARKER = "Aurora 2 on the hosted API gives no unacceptable biological uplift"
#: Incident drafts and rejected submissions (issue 12): only their submitter and the coordinators
#: (and operators) may meet their titles or the parties only they name.
DRAFT_MARKERS = ("wrong dosage for a children", "Our new AI product launch", "Corner Pharmacy", "Launchco")
#: Restricted sections of released demo documents (issue 16), for regulators (and reviewers): the public,
#: coordinators and adjudicators meet only their withheld markers.
DOCUMENT_MARKERS = ("tool-call chain that bypassed the output filter", "hidden instruction was written as a forwarded")
#: A restricted section of Aurora's safeguards report, which awaits review: only Aurora's members meet it.
UNRELEASED_DOCUMENT_MARKER = "Two undetected bypasses rely on splitting"
#: The restricted "campaign detail" section of the demo's released transparency report (issue 16): only
#: regulators, independent reviewers (research groups count) and Aurora's own members may meet it.
TRANSPARENCY_DETAIL_MARKER = "Red-team campaign detail"
TRANSPARENCY_READERS = ("regulator", "reviewer", "reporter", "triager", "org_admin", "operator")
#: Paths never crawled: the admin, signing out, and anything that changes state on GET.
SKIP_PREFIXES = ("/admin/", "/accounts/logout")
SKIP_WORDS = ("logout", "signout", "sign-out", "delete", "revoke")
#: Pages rendered by a third party (django-ninja's Swagger UI): crawled for status only.
THIRD_PARTY_PAGES = ("/api/docs",)


@dataclass
class Crawl:
    role: str
    pages: dict[str, int] = field(default_factory=dict)  # url -> status
    errors: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    restricted_seen: list[str] = field(default_factory=list)
    embargo_seen: list[str] = field(default_factory=list)
    dispute_seen: list[str] = field(default_factory=list)
    ledger_markers_seen: list[str] = field(default_factory=list)
    drafts_seen: list[str] = field(default_factory=list)
    #: (url, address) for every personal e-mail address of a demo user this role may not see
    emails_seen: list[tuple[str, str]] = field(default_factory=list)
    internal_question_seen: list[str] = field(default_factory=list)
    safety_case_seen: list[str] = field(default_factory=list)
    document_seen: list[str] = field(default_factory=list)
    unreleased_document_seen: list[str] = field(default_factory=list)
    transparency_detail_seen: list[str] = field(default_factory=list)
    pdfs: int = 0  # PDFs read back as text and searched for the markers like every other surface
    seconds: float = 0.0


def _internal(base: str, href: str | None) -> str | None:
    """The crawlable path+query of ``href`` seen on ``base``, or None for external/skipped ones."""
    if not href:
        return None
    href = href.strip()
    if href.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    url, _ = urldefrag(urljoin("http://testserver" + base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", "127.0.0.1", "localhost"):
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES) or any(word in path.lower() for word in SKIP_WORDS):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _shape(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def _check_html(url: str, html: str, crawl: Crawl) -> list[str]:
    """Check one HTML page's structure; return the internal links it holds."""
    soup = BeautifulSoup(html, "html.parser")
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        crawl.errors.append(f"{url}: {len(h1s)} <h1> elements (want exactly one)")
    if soup.find("main") is None:
        crawl.errors.append(f"{url}: no <main>")
    title = soup.title.get_text() if soup.title else ""
    if not title.strip() or soup.title.find(True) is not None:  # html.parser nests stray tags in <title>
        crawl.errors.append(f"{url}: <title> is empty or holds markup: {title[:80]!r}")
    for img in soup.find_all("img"):
        if not (img.get("alt") or "").strip() and img.get("role") != "presentation":
            crawl.errors.append(f"{url}: <img src={img.get('src')!r}> has no alt text")
    links = [a.get("href") for a in soup.find_all("a")]
    links += [link.get("href") for link in soup.find_all("link") if "alternate" in (link.get("rel") or [])]
    links += [img.get("src") for img in soup.find_all("img")]
    links += [twin.format(m.group(1)) for pattern, twin in API_TWINS if (m := pattern.match(url))]
    return [u for u in (_internal(url, href) for href in links) if u]


def crawl_as(client, role: str, forbidden_emails: frozenset[str] = frozenset()) -> Crawl:
    crawl = Crawl(role)
    started = time.monotonic()
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in START)
    seen = set(START)
    shapes: dict[str, int] = {}
    while queue and len(crawl.pages) < MAX_PAGES:
        url, referrer = queue.popleft()
        try:
            response = client.get(url)
        except Exception as exc:  # a view that raises is a 500 for the user; record it with its cause
            crawl.errors.append(f"{url} (linked from {referrer}): raised {type(exc).__name__}: {exc}")
            crawl.pages[url] = 500
            continue
        status = response.status_code
        crawl.pages[url] = status
        if status >= 500:
            crawl.errors.append(f"{url} (linked from {referrer}): HTTP {status}")
            continue
        if status == 404:
            crawl.broken.append(f"{url} (linked from {referrer})")
            continue
        links: list[str] = []
        if status in (301, 302, 303, 307, 308):
            target = _internal(url, response.get("Location"))
            links = [target] if target else []
        elif status == 200:
            content_type = response.get("Content-Type", "")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if content_type.startswith("application/pdf"):  # its text, read back: markers sit in compressed streams
                body, content_type = pdf_text(body).encode(), "text/plain; from a PDF"
                crawl.pdfs += 1
            if content_type.startswith(("text/", "application/json", "application/atom", "application/xml",
                                        "application/ld+json", "application/stix", "application/x-ndjson")):
                text = body.decode("utf-8", errors="replace")
                if RESTRICTED_MARKER in text:
                    crawl.restricted_seen.append(url)
                if EMBARGO_MARKER in text:
                    crawl.embargo_seen.append(url)
                if INTERNAL_QUESTION_MARKER in text:
                    crawl.internal_question_seen.append(url)
                if DISPUTE_MARKER in text:
                    crawl.dispute_seen.append(url)
                if any(marker in text for marker in LEDGER_MARKERS):
                    crawl.ledger_markers_seen.append(url)
                if any(marker in text for marker in DRAFT_MARKERS):
                    crawl.drafts_seen.append(url)
                if "@" in text:
                    lowered = text.lower()
                    crawl.emails_seen += [(url, e) for e in forbidden_emails if e in lowered]
                if SAFETY_CASE_MARKER in text:
                    crawl.safety_case_seen.append(url)
                if any(marker in text for marker in DOCUMENT_MARKERS):
                    crawl.document_seen.append(url)
                if UNRELEASED_DOCUMENT_MARKER in text:
                    crawl.unreleased_document_seen.append(url)
                if TRANSPARENCY_DETAIL_MARKER in text:
                    crawl.transparency_detail_seen.append(url)
                if content_type.startswith("text/html") and url not in THIRD_PARTY_PAGES:
                    links = _check_html(url, text, crawl)
                elif "ndjson" in content_type:  # JSON Lines (the forecast export): every line an object
                    try:
                        [json.loads(line) for line in text.splitlines() if line.strip()]
                    except ValueError as exc:
                        crawl.errors.append(f"{url}: a JSON line does not parse ({exc})")
                elif "json" in content_type:
                    try:
                        json.loads(text)
                    except ValueError as exc:
                        crawl.errors.append(f"{url}: JSON does not parse ({exc})")
        for link in links:
            if link not in seen:
                seen.add(link)
                shape = _shape(link)
                shapes[shape] = shapes.get(shape, 0) + 1
                if shapes[shape] <= MAX_PER_SHAPE:
                    queue.append((link, url))
    crawl.seconds = time.monotonic() - started
    return crawl


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module and rolled back afterwards."""
    from django.core.cache import cache
    from django.db import transaction

    from redline.demo import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            _indirect_paths()
            yield {}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def _indirect_paths() -> None:
    """A coordinator groups the embargoed report with a published one into a public incident."""
    from redline.accounts.models import User
    from redline.disclosure import services
    from redline.disclosure.models import Report

    coordinator = User.objects.get(email=ROLES["coordinator"])
    embargoed = Report.objects.get(title__icontains=EMBARGO_MARKER)
    published = Report.objects.filter(advisory__state="published").first()
    services.create_incident(coordinator, "Synthesis-route jailbreak wave", reports=[embargoed, published])


def _forbidden_emails(role: str) -> frozenset[str]:
    """The demo users' addresses ``role`` may not see: all but its own organisations' members' (coordinators and
    operators may see every address)."""
    from redline.accounts.models import Membership, User

    everyone = {u.lower() for u in User.objects.filter(email__contains="demo.redline.test")
                .values_list("email", flat=True)}
    if role in ("coordinator", "operator"):
        return frozenset()
    if ROLES[role] is None:
        return frozenset(everyone)
    me = User.objects.get(email=ROLES[role])
    orgs = Membership.objects.filter(user=me).values_list("organisation_id", flat=True)
    colleagues = {e.lower() for e in Membership.objects.filter(organisation_id__in=orgs)
                  .values_list("user__email", flat=True)}
    return frozenset(everyone - colleagues - {me.email.lower()})


@pytest.fixture(scope="module")
def crawls(demo):
    """Crawl results per role, computed on first use and shared by the tests below."""
    return {}


def _crawl(crawls, role: str) -> Crawl:
    if role not in crawls:
        from django.contrib.auth import get_user_model
        from django.core.cache import cache
        from django.test import Client

        cache.clear()  # rate-limit counters
        client = Client()
        if ROLES[role]:
            client.force_login(get_user_model().objects.get(email=ROLES[role]))
        crawls[role] = crawl_as(client, role, _forbidden_emails(role))
        result = crawls[role]
        print(f"crawl {role}: {len(result.pages)} pages in {result.seconds:.1f}s")
    return crawls[role]


@pytest.mark.parametrize("role", list(ROLES))
def test_crawl_finds_no_errors_or_broken_links(crawls, role):
    result = _crawl(crawls, role)
    assert len(result.pages) > 10, f"crawl as {role} reached only {sorted(result.pages)}"
    problems = [f"broken link: {b}" for b in result.broken] + result.errors
    assert not problems, f"{len(problems)} problems crawling as {role}:\n" + "\n".join(problems)


def test_anonymous_never_sees_the_restricted_model(crawls):
    result = _crawl(crawls, "anonymous")
    assert not result.restricted_seen, f"{RESTRICTED_MARKER!r} shown to anonymous on {result.restricted_seen}"


def test_regulator_sees_the_restricted_model(crawls):
    result = _crawl(crawls, "regulator")
    assert result.restricted_seen, f"the regulator never saw {RESTRICTED_MARKER!r}"


@pytest.mark.parametrize("role", ["anonymous", "reviewer", "regulator", "adjudicator"])
def test_outsiders_never_meet_the_embargoed_case(crawls, role):
    result = _crawl(crawls, role)
    assert not result.embargo_seen, f"{EMBARGO_MARKER!r} shown to {role} on {result.embargo_seen}"


def test_the_case_parties_do_meet_it(crawls):
    assert _crawl(crawls, "triager").embargo_seen and _crawl(crawls, "coordinator").embargo_seen


def test_anonymous_never_sees_vendor_named_case_actions_in_the_ledger(crawls):
    result = _crawl(crawls, "anonymous")
    assert "/ledger.json" in result.pages and "/ledger/" in result.pages
    assert not result.ledger_markers_seen, f"case actions shown to anonymous on {result.ledger_markers_seen}"


@pytest.mark.parametrize("role", ["anonymous", "triager", "reviewer", "regulator"])
def test_no_personal_email_address_outside_its_organisation(crawls, role):
    """Issue 10: display names and roles, never addresses, on public pages and JSON; an address only to members
    of the same organisation and to coordinators."""
    result = _crawl(crawls, role)
    seen = sorted({f"{e} on {url}" for url, e in result.emails_seen})
    assert not seen, f"{len(seen)} addresses shown to {role}:\n" + "\n".join(seen[:40])


@pytest.mark.parametrize("role", ["anonymous", "triager", "reviewer", "regulator"])
def test_a_dispute_stays_between_its_parties(crawls, role):
    """Aurora's triager is on the three-vendor case but is not a party to the dispute with Meridian."""
    result = _crawl(crawls, role)
    assert not result.dispute_seen, f"{DISPUTE_MARKER!r} shown to {role} on {result.dispute_seen}"


def test_the_coordinator_meets_the_dispute(crawls):
    assert _crawl(crawls, "coordinator").dispute_seen


def test_the_multi_vendor_advisory_shows_each_vendors_status(demo, client):
    """The demo's published three-vendor advisory: one publication date, a status and statement per vendor."""
    from redline.disclosure.models import Advisory

    adv = Advisory.objects.get(report__source_id="multivendor-published")
    page = client.get(f"/advisories/{adv.public_id}/").content.decode()
    twin = client.get(f"/advisories/{adv.public_id}.json").json()
    assert [(v["vendor"], v["status"]) for v in twin["vendors"]] == [
        ("Aurora Labs", "fix deployed"), ("OpenForge AI", "fix ready"), ("Meridian Systems", "no response")]
    assert twin["release"]["agreed_date"] and "no response" in page and "Input filters normalise" in page
    assert DISPUTE_MARKER not in page


@pytest.mark.parametrize("role", [r for r in ROLES if ROLES[r]])
def test_every_signed_in_role_reaches_its_dashboard(crawls, role):
    result = _crawl(crawls, role)
    assert result.pages.get("/dashboard/") == 200 and result.pages.get("/dashboard.json") == 200


def test_anonymous_is_sent_from_the_dashboard_to_sign_in(crawls):
    result = _crawl(crawls, "anonymous")
    assert result.pages["/dashboard/"] == 302 and result.pages["/dashboard.json"] == 302


@pytest.mark.parametrize("role", ["anonymous", "reviewer"])
def test_everyone_reaches_the_public_safety_case(crawls, role):
    seen = _crawl(crawls, role).safety_case_seen
    assert any("/safety-cases/aurora-2-bio/" in url for url in seen), f"{role} never reached the case: {seen}"


@pytest.mark.parametrize("role", ["anonymous", "triager", "reviewer", "regulator"])
def test_incident_drafts_stay_with_their_submitter_and_the_coordinators(crawls, role):
    result = _crawl(crawls, role)
    assert "/incidents/" in result.pages and "/entities/" in result.pages
    assert not result.drafts_seen, f"an incident draft shown to {role} on {result.drafts_seen}"


def test_coordinators_meet_the_drafts_they_review(crawls):
    assert _crawl(crawls, "coordinator").drafts_seen


@pytest.mark.parametrize("role", ["anonymous", "reviewer", "regulator", "coordinator"])
def test_outsiders_never_meet_the_internal_forecast_question(crawls, role):
    result = _crawl(crawls, role)
    assert "/forecasts/export.jsonl" in result.pages and "/forecasts/feed.atom" in result.pages
    assert not result.internal_question_seen, (
        f"{INTERNAL_QUESTION_MARKER!r} shown to {role} on {result.internal_question_seen}")


def test_the_developer_meets_its_internal_forecast_question(crawls):
    assert "/forecasts/" in _crawl(crawls, "triager").internal_question_seen


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "adjudicator"])
def test_restricted_document_sections_never_reach_outside_their_audience(crawls, role):
    result = _crawl(crawls, role)
    assert not result.document_seen, f"a restricted document section shown to {role} on {result.document_seen}"


def test_the_regulator_reads_the_restricted_document_sections(crawls):
    assert _crawl(crawls, "regulator").document_seen


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("triager", "org_admin", "operator")])
def test_an_unreleased_document_stays_with_its_organisation(crawls, role):
    result = _crawl(crawls, role)
    assert not result.unreleased_document_seen, (
        f"the unreleased safeguards report shown to {role} on {result.unreleased_document_seen}")


@pytest.mark.parametrize("role", [r for r in ROLES if r not in TRANSPARENCY_READERS])
def test_outsiders_never_meet_the_restricted_transparency_section(crawls, role):
    """Issue 16: the public report shows a withheld marker on the page, its twin, the HTML file and the
    document's own surfaces (page, feed, exports), never the regulators' and reviewers' section."""
    result = _crawl(crawls, role)
    assert "/orgs/aurora-labs/transparency/" in result.pages
    assert not result.transparency_detail_seen, (
        f"{TRANSPARENCY_DETAIL_MARKER!r} shown to {role} on {result.transparency_detail_seen}")


@pytest.mark.parametrize("role", ["regulator", "reviewer"])
def test_regulators_and_reviewers_meet_their_transparency_section(crawls, role):
    assert _crawl(crawls, role).transparency_detail_seen


@pytest.mark.parametrize("role", ["anonymous", "regulator"])
def test_the_crawl_reads_the_pdfs_it_meets(crawls, role):
    """The document and report PDFs are searched for the markers through their text, so a restricted
    section in a PDF would fail the tests above; the regulator's crawl finds its section in one."""
    result = _crawl(crawls, role)
    pdfs = [u for u in result.pages if u.endswith(".pdf") or ".pdf?" in u]
    assert pdfs and result.pdfs >= 1, pdfs
    if role == "regulator":
        assert any(".pdf" in u for u in result.transparency_detail_seen + result.document_seen), (
            result.transparency_detail_seen, result.document_seen)
