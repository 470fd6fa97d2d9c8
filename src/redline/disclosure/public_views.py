"""The public database: advisory list with search, advisory pages, incidents and Atom feeds.

Everything here reads the redacted ``Advisory.public`` record and public facets only.
"""

from __future__ import annotations

from datetime import date

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from redline.accounts.models import Organisation
from redline.core.disclosure.clocks import Severity
from redline.core.errors import InvalidInput
from redline.core.formats.neutral import ReportKind
from redline.disclosure import advisory_page, publishing, serializers
from redline.disclosure.models import Advisory
from redline.http.render import json_url, page

PAGE_SIZE = 25
FILTERS = ("q", "model", "organisation", "cue", "kind", "severity", "state", "since", "until")


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` matches, so a search that matches most of the database stays fast;
    past the cap the page says "more than" and asks for a narrower search."""

    COUNT_CAP = 1000
    capped = False

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            # Unordered: a sliced subquery keeps its ORDER BY, which made the database walk the list's
            # order index through every row whenever fewer than COUNT_CAP matched (250 ms at 200,000).
            n = self.object_list.order_by()[: self.COUNT_CAP + 1].count()
            self.capped = n > self.COUNT_CAP
            self._capped_count = min(n, self.COUNT_CAP)
        return self._capped_count


def _date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(name, f"{value!r} is not a date (YYYY-MM-DD)") from None


@require_GET
def advisory_list(request, fmt: str = "html"):
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    f["state"] = f["state"] or "published"
    error = None
    try:
        qs = publishing.search(f["q"], model=f["model"], organisation=f["organisation"], cue=f["cue"],
                               kind=f["kind"], severity=f["severity"], state=f["state"],
                               since=_date(f["since"], "since"), until=_date(f["until"], "until"))
    except InvalidInput as exc:
        error, qs = str(exc), Advisory.objects.none()
    paginator = CappedPaginator(qs.only("public_id", "state", "public", "reason", "redirect_to", "published_at",
                                        "sequence"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    data = {"count": paginator.count, "count_is_lower_bound": paginator.capped, "page": page_obj.number,
            "pages": paginator.num_pages, "filters": f,
            "results": [serializers.advisory_summary(a) for a in page_obj]}
    if error:
        data["error"] = error
    query = "&".join(f"{k}={v}" for k, v in f.items() if v and k != "state" or (k == "state" and v != "published"))
    context = {"page_obj": page_obj, "filters": f, "error": error, "kinds": [k.value for k in ReportKind],
               "severities": [s.value for s in Severity], "organisations": Organisation.objects.filter(
                   kind="developer"), "query": query, "json_url": json_url(request)}
    return page(request, "disclosure/advisory_list.html", context, data, fmt, status=422 if error else 200)


def _twin_path(public_id: str, fmt: str) -> str:
    return f"/advisories/{public_id}" + (".json" if fmt == "json" else "/")


@require_GET
def advisory_detail(request, public_id: str, fmt: str = "html"):
    adv = Advisory.objects.select_related("report").filter(public_id=public_id).first()
    if adv is None:
        # An alias (an AVID report ID such as AVID-2026-R0303) answers with the record it names.
        alias = publishing.by_alias(public_id)
        if alias is None:
            raise Http404("no such advisory")
        return HttpResponsePermanentRedirect(_twin_path(alias.public_id, fmt))
    if adv.state == "reserved":
        raise Http404("no such advisory")
    if adv.state == "duplicate" and adv.redirect_to:
        return HttpResponsePermanentRedirect(_twin_path(adv.redirect_to, fmt))
    data = serializers.advisory_detail(adv)
    status = 410 if adv.state in ("rejected", "withdrawn") else 200
    context = {"adv": adv, "a": data, "withheld": [{"field": f, "reason": r} for f, r in data.get("withheld", [])],
               "json_url": json_url(request)}
    if adv.state == "published":
        context.update(advisory_page.context(request.user, adv, data))
    return page(request, "disclosure/advisory_detail.html", context, data, fmt, status=status)


@require_GET
def advisory_export(request, public_id: str, fmt: str):
    """One published advisory in an export format (AVID, STIX 2.1, CVE JSON 5), as ``redline export`` writes it."""
    from django.http import JsonResponse

    from redline.disclosure import exporters

    if fmt not in exporters.ONE_RECORD:
        raise Http404("no such export format")
    adv = get_object_or_404(Advisory, public_id=public_id, state="published")
    doc, content_type = exporters.export_one(publishing.advisory_of(adv), fmt)
    return JsonResponse(doc, content_type=content_type, json_dumps_params={"ensure_ascii": False, "indent": 2,
                                                                            "default": str})


@require_GET
def advisory_jsonld(request, public_id: str):
    """The published advisory as JSON-LD (schema.org ``Report``)."""
    from django.conf import settings
    from django.http import JsonResponse

    from redline.core.formats.jsonld import build_jsonld

    adv = get_object_or_404(Advisory, public_id=public_id, state="published")
    doc = build_jsonld(publishing.advisory_of(adv), base_url=f"{settings.SITE_URL}/advisories/")
    return JsonResponse(doc, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


# --- Atom feeds ---------------------------------------------------------------------------


class AdvisoryFeed(Feed):
    """Newest published advisories, optionally for one model, organisation or CUE entry."""

    feed_type = Atom1Feed
    link = "/advisories/"
    limit = 50

    def get_object(self, request, scope: str = "", key: str = "", slug: str = ""):
        if not scope:
            return ("", "")
        found = publishing.feed_scope(request.user, scope, f"{key}/{slug}" if slug else key)
        if found is None:
            raise Http404(f"no {scope} {key}{'/' + slug if slug else ''}")
        return (scope, found)

    def title(self, obj):
        scope, key = obj
        return "redline advisories" + (f" — {scope} {key}" if scope else "")

    def subtitle(self, obj):
        return "Published coordinated-disclosure advisories (redacted public records)."

    def items(self, obj):
        scope, key = obj
        kw = {"model": key} if scope == "model" else {"organisation": key} if scope == "organisation" else \
            {"cue": key} if scope == "cue" else {}
        return publishing.search(**kw)[: self.limit]

    def item_title(self, item):
        return f"{item.public_id}: {item.public.get('title', '')}"

    def item_description(self, item):
        return item.public.get("description", "")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.public.get("kind", "")] + list(item.public.get("cue_ids", []))
