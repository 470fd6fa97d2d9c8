"""Which ledger entries about documents a viewer may read in full, and how they are named.

A document's entries are readable by whoever may open the document (released, their own
organisation's, or sent to them for review); a version's and a claim's only when that version
is released or the viewer is a member of the owning organisation, so the ledger never names an
unreleased version to the public.
"""

from __future__ import annotations

from django.db.models import Q

from redline.documents.models import RELEASED


def _documents_filter(user, prefix: str = "") -> Q:
    from redline.documents.services import visible_documents

    return Q(**{f"{prefix}pk__in": visible_documents(user).values("pk")})


def _versions_filter(user, prefix: str = "") -> Q:
    from redline.documents.services import _is_operator

    if _is_operator(user):
        return Q()
    released = Q(**{f"{prefix}released_by__state__in": RELEASED})
    if getattr(user, "is_authenticated", False):
        orgs = list(user.memberships.values_list("organisation_id", flat=True))
        released |= Q(**{f"{prefix}document__organisation_id__in": orgs})
    return released


def _public_title(document) -> str:
    """The released version's title (a later draft's title is not reviewed yet)."""
    return document.released.snapshot["title"] if document.released_id else document.title


def register() -> None:
    from redline.documents import models
    from redline.ledger import describe, visibility

    visibility.register("documents.document", visibility.by_filter(models.Document, _documents_filter))
    visibility.register("documents.documentversion",
                        visibility.by_filter(models.DocumentVersion, _versions_filter))
    visibility.register("documents.documentreview", visibility.by_filter(
        models.DocumentReview, lambda user: _versions_filter(user, "version__") & _documents_filter(
            user, "version__document__")))
    visibility.register("documents.documentclaim", visibility.by_filter(
        models.DocumentClaim, lambda user: _versions_filter(user, "version__")))
    describe.register("documents.document", noun="document", label=_public_title,
                      url=lambda d: d.get_absolute_url(), related=("organisation", "released"))
    describe.register("documents.documentversion", noun="document version", label=lambda v: str(v),
                      url=lambda v: v.get_absolute_url(), related=("document__organisation",))
