"""Incident database pages: the list with facets, the incident page, submission by URL, review, entities.

Views parse, call :mod:`redline.disclosure.incidents` and render; every page has its JSON twin.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from redline.accounts import policy
from redline.core.disclosure import incident as core
from redline.core.disclosure.clocks import Severity
from redline.core.errors import InvalidInput
from redline.disclosure import incidents, serializers, services
from redline.disclosure.incident_pages import incident_sections
from redline.disclosure.models import Advisory, Entity, Incident
from redline.http.render import json_url, page

PAGE_SIZE = 50


def _names(text: str) -> list[str]:
    """Names or IDs typed one per line or separated by commas or semicolons."""
    return [p.strip() for p in re.split(r"[\n,;]+", text or "") if p.strip()]


class IncidentForm(forms.Form):
    """The submission form (its labels are what the submitter reads)."""

    url = forms.CharField(label="Address of a report on the incident (news article, court record, statement)",
                          max_length=500)
    title = forms.CharField(label="Title (what happened, to whom)", max_length=200, required=False)
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    publisher = forms.CharField(label="Publisher of the report", max_length=200, required=False)
    published_on = forms.DateField(label="Report published on", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    archived_url = forms.CharField(label="Archived copy (e.g. a web.archive.org address), if any", max_length=500,
                                   required=False)
    occurred_on = forms.DateField(label="Incident happened on, if known", required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    developers = forms.CharField(label="Developer(s) of the AI system, one per line", required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    deployers = forms.CharField(label="Deployer(s), one per line", required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    harmed = forms.CharField(label="Harmed or affected parties, one per line", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    harm_types = forms.MultipleChoiceField(label="Harm types", required=False, widget=forms.CheckboxSelectMultiple,
                                           choices=[(h, h) for h in core.HARM_TYPES])
    sectors = forms.MultipleChoiceField(label="Sectors", required=False, widget=forms.CheckboxSelectMultiple,
                                        choices=[(s, s) for s in core.SECTORS])
    severity = forms.ChoiceField(label="Severity", required=False,
                                 choices=[("", "not given")] + [(s.value, s.value) for s in Severity])
    cue_ids = forms.CharField(label="CUE entries (e.g. CUE-0050), comma-separated", required=False)
    atlas = forms.CharField(label="ATLAS techniques (e.g. AML.T0051), comma-separated", required=False)

    def mark_errors(self) -> None:
        """Tie each field in error to its message for screen readers."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"aria-invalid": "true",
                                                       "aria-describedby": f"id_{name}-error"})

    def draft(self) -> incidents.IncidentDraft:
        d = self.cleaned_data
        return incidents.IncidentDraft(
            url=d["url"], title=d["title"], summary=d["summary"], publisher=d["publisher"],
            published_on=d["published_on"], archived_url=d["archived_url"], occurred_on=d["occurred_on"],
            developers=_names(d["developers"]), deployers=_names(d["deployers"]), harmed=_names(d["harmed"]),
            harm_types=list(d["harm_types"]), sectors=list(d["sectors"]), severity=d["severity"],
            cue_ids=_names(d["cue_ids"]), atlas=_names(d["atlas"]))


def _initial(d: incidents.IncidentDraft) -> dict:
    return {"url": d.url, "title": d.title, "summary": d.summary, "publisher": d.publisher,
            "published_on": d.published_on, "occurred_on": d.occurred_on}


@login_required
def incident_submit(request):
    """Step 1 takes an address; step 2 shows the form filled from the page (or empty when it is unreachable)."""
    op = request.POST.get("op", "")
    context = {"reasons": core.REJECTION_REASONS}
    if request.method == "POST" and op == "fetch":
        url = request.POST.get("url", "")
        try:
            meta, problem = incidents.fetch_metadata(url)
        except InvalidInput as exc:
            context.update(step=1, url=url, error=str(exc))
            return page(request, "disclosure/incident_submit.html", context, None, status=422)
        context.update(step=2, form=IncidentForm(initial=_initial(incidents.draft_from_meta(url.strip(), meta))),
                       fetched=meta is not None, problem=problem)
        return page(request, "disclosure/incident_submit.html", context, None)
    if request.method == "POST":
        form = IncidentForm(request.POST)
        context.update(step=2, form=form)
        if form.is_valid():
            try:
                inc = incidents.submit(request.user, form.draft())
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"{inc.ref} is submitted. A coordinator reviews it; you will find the "
                                          "outcome (and the reason, if it is turned down) under My submissions.")
                return redirect(inc.get_absolute_url())
        form.mark_errors()
        return page(request, "disclosure/incident_submit.html", context, None, status=422)
    context.update(step=1, url="")
    return page(request, "disclosure/incident_submit.html", context, None)


@require_GET
def incident_list(request, fmt: str = "html"):
    chosen = {f: request.GET.get(f, "").strip() for f in core.FACETS}
    pks, counts = incidents.search(request.user, chosen)
    objects = Incident.objects.filter(pk__in=pks).order_by("-occurred_on", "-pk")
    page_obj = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    facets = [{"name": f, "label": label, "chosen": chosen[f],
               "values": [{"value": v, "count": n} for v, n in counts[f][:15]]} for f, label in core.FACETS.items()]
    data = {"count": len(pks), "page": page_obj.number, "pages": page_obj.paginator.num_pages,
            "filters": {k: v for k, v in chosen.items() if v}, "facets": facets,
            "results": [serializers.incident_summary(i) for i in page_obj]}
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    context = {"page_obj": page_obj, "facets": facets, "chosen": chosen, "count": len(pks), "query": query,
               "json_url": json_url(request)}
    return page(request, "disclosure/incident_list.html", context, data, fmt)


def _visible_or_404(request, pk: int) -> Incident:
    inc = incidents.visible(request.user).filter(pk=pk).first()
    if inc is None:
        raise Http404("no such incident")
    return inc


@require_GET
def incident_detail(request, pk: int, fmt: str = "html"):
    inc = _visible_or_404(request, pk)
    if inc.merged_into_id:
        target = incidents.resolve(inc)
        return HttpResponsePermanentRedirect(f"/incidents/{target.pk}" + (".json" if fmt == "json" else "/"))
    related = incidents.visible(request.user).filter(pk__in=inc.related.values("pk"))
    data = serializers.incident_data(inc, related=related)
    advisories = Advisory.objects.filter(report__incidents=inc, state="published").order_by("public_id")
    reviewer = policy.is_coordinator(request.user)
    extra = incident_sections(inc, request.user)
    for _section, section_data in extra:
        data.update(section_data)
    context = {"incident": inc, "data": data, "extra_sections": extra, "advisories": advisories, "related": related,
               "can_edit": incidents.can_edit(request.user, inc), "can_review": reviewer and inc.state == "submitted",
               "can_merge": reviewer and inc.state in ("submitted", "published"),
               "reasons": core.REJECTION_REASONS, "roles": core.ENTITY_ROLES, "json_url": json_url(request),
               "entity_rows": [(label, data["entities"][role]) for role, label in core.ENTITY_ROLES.items()]}
    return page(request, "disclosure/incident_detail.html", context, data, fmt)


@login_required
@require_POST
def incident_review(request, pk: int):
    """A coordinator publishes, rejects (with a reason code) or merges a submission."""
    inc = _visible_or_404(request, pk)
    op = request.POST.get("op", "")
    try:
        if op == "publish":
            incidents.publish(request.user, inc)
            messages.success(request, f"{inc.ref} is published.")
        elif op == "reject":
            incidents.reject(request.user, inc, request.POST.get("code", ""), request.POST.get("note", ""))
            messages.success(request, f"{inc.ref} is rejected ({inc.rejection_code}); the submitter sees why.")
        elif op == "merge":
            into = _number(request.POST.get("into", ""), "into")
            target = incidents.visible(request.user).filter(pk=into).first()
            if target is None:
                raise InvalidInput("into", f"no incident {into}")
            incidents.merge(request.user, inc, target, request.POST.get("note", ""))
            messages.success(request, f"{inc.ref} is merged into {incidents.resolve(inc).ref}; its number redirects.")
            return redirect(incidents.resolve(inc).get_absolute_url())
        else:
            raise InvalidInput("op", "choose publish, reject or merge")
    except InvalidInput as exc:
        messages.error(request, str(exc))
    return redirect(inc.get_absolute_url())


def _number(text: str, name: str) -> int:
    match = re.fullmatch(r"\s*(?:incident\s*)?(\d{1,9})\s*", text or "", re.IGNORECASE)
    if match is None:
        raise InvalidInput(name, f"{text!r} is not an incident number")
    return int(match[1])


def _day(text: str, name: str) -> date | None:
    if not (text or "").strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(name, f"{text!r} is not a date (YYYY-MM-DD)") from None


@login_required
@require_POST
def incident_edit(request, pk: int):
    """Coordinators and vendors on its reports add timeline entries, sources, entities, links and reports."""
    inc = _visible_or_404(request, pk)
    p, op = request.POST, request.POST.get("op", "")
    try:
        if op == "timeline":
            services.add_timeline(request.user, inc, p.get("at", ""), p.get("text", ""))
        elif op == "source":
            incidents.add_source(request.user, inc, p.get("url", ""), title=p.get("title", ""),
                                 publisher=p.get("publisher", ""),
                                 published_on=_day(p.get("published_on", ""), "published_on"),
                                 archived_url=p.get("archived_url", ""))
        elif op == "entity":
            incidents.add_entity(request.user, inc, p.get("name", ""), p.get("role", ""))
        elif op == "related":
            incidents.link_related(request.user, inc, _number(p.get("related", ""), "related"))
        elif op == "reports":
            ids = [int(x) for x in re.findall(r"\d+", p.get("reports", ""))]
            incidents.link_reports(request.user, inc, services.incident_reports(request.user, ids))
        else:
            services.update_post_incident(request.user, inc, **{
                k: p.get(k, "") for k in ("impact", "root_cause", "mitigations", "lessons_learned")})
    except InvalidInput as exc:
        messages.error(request, str(exc))
    return redirect(inc.get_absolute_url())


@login_required
def submissions(request, fmt: str = "html"):
    """The signed-in user's submissions with their outcome; coordinators also see every one awaiting review."""
    mine = Incident.objects.filter(submitted_by=request.user).order_by("-created_at")
    waiting = (Incident.objects.filter(state="submitted").order_by("created_at")
               if policy.is_coordinator(request.user) else Incident.objects.none())

    def row(inc: Incident) -> dict:
        d = serializers.incident_summary(inc)
        d["submitted_at"] = inc.created_at.isoformat()
        if inc.rejection_code:
            d["rejection"] = {"code": inc.rejection_code, "reason": core.REJECTION_REASONS.get(inc.rejection_code, ""),
                              "note": inc.rejection_note or None}
        if inc.merged_into_id:
            d["merged_into"] = incidents.resolve(inc).pk
        return d

    data = {"mine": [row(i) for i in mine[:200]], "awaiting_review": [row(i) for i in waiting[:200]]}
    return page(request, "disclosure/incident_submissions.html",
                {"mine": data["mine"], "waiting": data["awaiting_review"], "json_url": json_url(request)}, data, fmt)


@require_GET
def entity_list(request, fmt: str = "html"):
    from django.db.models import Count, Q

    visible = Incident.objects.filter(incidents.visible_filter(request.user), state="published").values("pk")
    entities = (Entity.objects.filter(incidents.entity_filter(request.user)).distinct()
                .annotate(n=Count("incident_links__incident", filter=Q(incident_links__incident__in=visible),
                                  distinct=True)).select_related("organisation").order_by("-n", "name"))
    rows = [{**serializers.entity_ref(e), "incidents": e.n} for e in entities[:500]]
    return page(request, "disclosure/entity_list.html", {"entities": rows, "json_url": json_url(request)},
                {"count": len(rows), "results": rows}, fmt)


@require_GET
def entity_detail(request, slug: str, fmt: str = "html"):
    entity = get_object_or_404(Entity.objects.filter(incidents.entity_filter(request.user)).distinct()
                               .select_related("organisation"), slug=slug)
    visible = incidents.visible(request.user).filter(state="published")
    by_role = []
    for role, label in core.ENTITY_ROLES.items():
        incs = visible.filter(entity_links__entity=entity, entity_links__role=role).distinct().order_by("-pk")
        by_role.append({"role": role, "label": label, "incidents": [serializers.incident_summary(i) for i in incs]})
    data = {**serializers.entity_ref(entity), "description": entity.description,
            "incidents": {r["role"]: r["incidents"] for r in by_role}}
    return page(request, "disclosure/entity_detail.html",
                {"entity": entity, "by_role": by_role, "json_url": json_url(request)}, data, fmt)
