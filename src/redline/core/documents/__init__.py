"""Documents with audiences, their information-hazard review, and redaction (DESIGN §1.4, §3.9).

Pure rules for the ``documents`` app; nothing here touches a database. How the app
uses them:

* **Store** each :class:`DocumentVersion` as one row (``version.as_dict()`` is the
  full snapshot, ``version.digest()`` its SHA-256) and never update it; a change is
  ``revise(previous, author=..., sections=...)`` appended through
  :meth:`History.append`. Start governance cards and transparency reports with
  :func:`new_from_template`.
* **Sections** (:class:`Section`) are Markdown with a :class:`Readership` (public by
  default). A section that is not public needs a :class:`Restriction` from the fixed
  :class:`RestrictionReason` list; constructing one without a reason raises
  InvalidInput, which a form shows on the field.
* **Viewers**: build a :class:`Viewer` from the request (anonymous, or the user's
  memberships as ``{org slug: org kind}``), then ``reader_for(viewer,
  owner=doc.owner)``; a report build for ``--audience regulators`` uses
  ``Reader.of("regulators")``.
* **Every surface** (page, JSON twin, API, feed, search index, export, PDF) renders
  through :func:`render` (or :func:`redact` before indexing), and shows only a
  released version: call :func:`require_released` with the version's
  :class:`Review` first. Log ``rendering.withheld``.
* **Review**: :func:`open_review` → :func:`submit` → :func:`decide` (or
  :func:`return_to_author`); store ``review.as_dict()``. After a *restrict* decision
  :func:`decide` returns a new version to append.
* **Diffs**: ``diff_versions(old, new, reader)`` — pass the reader, so a public diff
  never shows restricted text.
* **Claims** (:class:`Claim`) carry done / partial / planned / not yet feasible;
  :func:`flagged` lists unsupported ones for the page, and release refuses them.
* **Report helpers**: :func:`parse_quarter`, :func:`response_stats`,
  :func:`clock_samples`, :func:`compare_reports`.
"""

from redline.core.documents.audiences import (
    ANONYMOUS,
    AUDIENCE_LABELS,
    KIND_AUDIENCES,
    PUBLIC,
    Audience,
    AudienceRecommendation,
    Reader,
    Readership,
    Restriction,
    RestrictionReason,
    Viewer,
    may_read,
    parse_audience,
    reader_for,
)
from redline.core.documents.claims import Claim, ClaimStatus, flagged, require_supported
from redline.core.documents.document import KIND_LABELS, DocumentKind, DocumentVersion, Section
from redline.core.documents.periods import (
    Quarter,
    ReportChange,
    ResponseSample,
    ResponseStats,
    clock_samples,
    compare_reports,
    parse_quarter,
    quarter_of,
    response_stats,
)
from redline.core.documents.redaction import Rendering, redact, render, withheld_marker
from redline.core.documents.review import (
    QUESTIONS,
    REVIEW_MACHINE,
    Decision,
    HazardChecklist,
    Review,
    Reviewer,
    ReviewerRole,
    ReviewState,
    SectionRestriction,
    decide,
    is_released,
    open_review,
    require_released,
    return_to_author,
    submit,
)
from redline.core.documents.templates import (
    GOVERNANCE_CARD,
    TRANSPARENCY_REPORT,
    TemplateSection,
    new_from_template,
    template_for,
)
from redline.core.documents.versions import History, diff_versions, revise, unified

__all__ = [
    "ANONYMOUS",
    "AUDIENCE_LABELS",
    "GOVERNANCE_CARD",
    "KIND_AUDIENCES",
    "KIND_LABELS",
    "PUBLIC",
    "QUESTIONS",
    "REVIEW_MACHINE",
    "TRANSPARENCY_REPORT",
    "Audience",
    "AudienceRecommendation",
    "Claim",
    "ClaimStatus",
    "Decision",
    "DocumentKind",
    "DocumentVersion",
    "HazardChecklist",
    "History",
    "Quarter",
    "Reader",
    "Readership",
    "Rendering",
    "ReportChange",
    "ResponseSample",
    "ResponseStats",
    "Restriction",
    "RestrictionReason",
    "Review",
    "ReviewState",
    "Reviewer",
    "ReviewerRole",
    "Section",
    "SectionRestriction",
    "TemplateSection",
    "Viewer",
    "clock_samples",
    "compare_reports",
    "decide",
    "diff_versions",
    "flagged",
    "is_released",
    "may_read",
    "new_from_template",
    "open_review",
    "parse_audience",
    "parse_quarter",
    "quarter_of",
    "reader_for",
    "redact",
    "render",
    "require_released",
    "require_supported",
    "response_stats",
    "return_to_author",
    "revise",
    "submit",
    "template_for",
    "unified",
    "withheld_marker",
]
