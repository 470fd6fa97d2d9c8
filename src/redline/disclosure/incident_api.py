"""API: the public incident database, read-only: the faceted list and one incident with what it cites.

The same rules as the pages: the list holds the published incidents the caller may see, filtered and
counted by facet as on ``/incidents/``; one incident answers when the caller may see it (a draft only to
its submitter and the coordinators), and a merged incident's number redirects (308) to the incident it
was merged into, with a pointer in the body for clients that do not follow redirects.
"""

from typing import Any

from django.http import Http404, JsonResponse
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from redline.accounts.api_auth import caller
from redline.core.disclosure import incident as core
from redline.disclosure import incidents, serializers
from redline.disclosure.incident_pages import incident_sections
from redline.http.pagination import Mapped, Page
from redline.http.params import RecordId

router = Router(tags=["incidents"])


class DocSchema(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)


class IncidentFilters(DocSchema):
    """The incident list's facets; each given value must be held (compared case-insensitively)."""

    harm: str = ""
    """A harm type, e.g. financial."""
    severity: str = ""
    """low, medium, high, critical, or "not given"."""
    sector: str = ""
    """A sector of deployment, e.g. finance."""
    cue: str = ""
    """A CUE entry ID, e.g. CUE-0001."""
    atlas: str = ""
    """A MITRE ATLAS technique ID, e.g. AML.T0051."""


class IncidentSummaryOut(DocSchema):
    id: int
    """The incident's permanent number."""
    ref: str
    """The citation form, e.g. ``Incident 12``."""
    title: str
    state: str
    """published (merged and draft incidents are not listed)."""
    url: str
    """The incident's page."""
    occurred_on: str | None
    severity: str | None
    """None when the sources give none."""
    harm_types: list[str]
    sectors: list[str]
    grouping: bool
    """An imported grouping (e.g. an AVID vulnerability) rather than one event."""


class FacetValueOut(DocSchema):
    value: str
    count: int
    """How many of the matching incidents hold the value."""


class FacetOut(DocSchema):
    name: str
    """The query parameter that filters by this facet."""
    label: str
    chosen: str
    """The value filtered by, or empty."""
    values: list[FacetValueOut]
    """Every value the matching incidents hold, most frequent first."""


class IncidentPage(Page):
    """The list's page of incidents, with the facet counts over every match (not only this page)."""

    class Output(Schema):
        items: list[Any]
        count: int
        facets: list[FacetOut]

    def paginate_queryset(self, queryset, pagination, request, **params):
        out = super().paginate_queryset(queryset, pagination, request, **params)
        out["facets"] = queryset.facets
        return out


class _Faceted(Mapped):
    def __init__(self, queryset, fn, facets: list[dict]) -> None:
        super().__init__(queryset, fn)
        self.facets = facets


@router.get("/incidents", response=list[IncidentSummaryOut])
@paginate(IncidentPage)
def list_incidents(request, filters: Query[IncidentFilters]):
    """Published incidents the caller may see, most recent first, filtered by facet as on /incidents/."""
    chosen = {f: getattr(filters, f).strip() for f in core.FACETS}
    matched, counts = incidents.search(caller(request), chosen)
    return _Faceted(matched.order_by("-occurred_on", "-pk"), serializers.incident_summary,
                    serializers.incident_facets(chosen, counts))


@router.get("/incidents/{pk}", response={200: dict, 308: dict})
def get_incident(request, pk: RecordId):
    """One incident as its page shows it: summary, post-incident report, entities by role, sources, the
    published reports that describe it, the related incidents the caller may see and the sections other
    apps add to its page (the post-incident reports the caller may read). A merged incident's
    number answers 308 to the incident it was merged into (``merged_into`` and ``url`` in the body)."""
    user = caller(request)
    inc = incidents.visible(user).filter(pk=pk).first()
    if inc is None:
        raise Http404("no such incident, or one you may not see")
    if inc.merged_into_id:
        target = incidents.resolve(inc)
        url = f"/api/incidents/{target.pk}"
        response = JsonResponse({"detail": f"{inc.ref} was merged into {target.ref}", "merged_into": target.pk,
                                 "url": url}, status=308)
        response["Location"] = url
        return response
    related = incidents.visible(user).filter(pk__in=inc.related.values("pk"))
    data = serializers.incident_data(inc, related=related)
    for _section, section_data in incident_sections(inc, user):  # what higher apps add, as on the JSON twin
        data.update(section_data)
    return data
