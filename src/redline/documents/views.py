"""Document pages and their JSON twins: the list, a document, its versions and diffs, the editor, the review.

Every page shows text only through :func:`redline.documents.services.rendered_for`, so a section
outside the viewer's audience reads "[withheld: reason — available to: audiences]" here as on
every other surface.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from redline.accounts.models import Organisation
from redline.accounts.policy import Action, can
from redline.core import documents as core
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.documents import services
from redline.documents.forms import (
    KIND_CHOICES,
    DocumentForm,
    RequestReviewForm,
    ReviewForm,
    SectionFormSet,
    readership,
    section_initial,
)
from redline.documents.lookups import visible_document, visible_version
from redline.documents.models import Document
from redline.documents.serializers import (
    change_dict,
    document_summary,
    public_title,
    recommendation_dict,
    rendering_dict,
    version_summary,
)
from redline.http.forms import add_service_error
from redline.http.render import json_url, page

PAGE_SIZE = 50
#: ``?as=`` on a document page: a member previews what one audience would read.
PREVIEWS = {"public": core.Reader.of(), "regulators": core.Reader.of("regulators"),
            "reviewers": core.Reader.of("reviewers"), "developers": core.Reader.of("developers")}


@require_GET
def document_list(request, fmt: str = "html"):
    """Released documents (and the viewer's own organisation's), filtered by organisation, kind and title."""
    org, kind, q = (request.GET.get(k, "").strip() for k in ("organisation", "kind", "q"))
    docs = services.visible_documents(request.user).order_by("-updated_at", "-pk")
    if org:
        docs = docs.filter(organisation__slug=org)
    if kind:
        docs = docs.filter(kind=services.parse_kind(kind).value)
    if q:
        docs = docs.filter(Q(title__icontains=q) | Q(released__snapshot__title__icontains=q)) if len(q) <= 200 \
            else docs.none()
    paginator = Paginator(docs, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = [document_summary(d, request.user) for d in page_obj]
    data = {"documents": rows, "count": paginator.count, "page": page_obj.number,
            "filters": {"organisation": org, "kind": kind, "q": q}}
    orgs = Organisation.objects.filter(pk__in=Document.objects.values("organisation")).order_by("name")
    return page(request, "documents/list.html",
                {"rows": rows, "page_obj": page_obj, "filters": data["filters"], "kinds": KIND_CHOICES,
                 "organisations": orgs, "json_url": json_url(request),
                 "can_write": bool(_writable_orgs(request.user))}, data, fmt)


def _writable_orgs(user):
    if not getattr(user, "is_authenticated", False):
        return []
    orgs = Organisation.objects.filter(memberships__user=user).order_by("name").distinct()
    return [o for o in orgs if can(user, Action.CREATE, o)]


def _review_summary(version, user) -> dict | None:
    review = getattr(version, "review", None)
    if review is None:
        return None
    data = {"state": review.state, "independent": review.independent, "decision": review.decision or None,
            "reviewer_role": review.reviewer_role or None, "decided_at": review.decided_at.isoformat()
            if review.decided_at else None, "requested_at": review.requested_at.isoformat(),
            "reviewer_org": review.reviewer_org.name if review.reviewer_org_id else None}
    if services.is_member(user, version.document) or services.may_review(user, review):
        data.update(checklist=review.checklist, rationale=review.rationale, restrictions=review.restrictions)
    return data


def _document_data(request, document, version, rendering, *, draft: bool) -> dict:
    member = services.is_member(request.user, document)
    released = services.released_versions(document)
    versions = list(document.versions.order_by("number")) if member else released
    released_pks = {v.pk for v in released}
    return {
        "document": document_summary(document, request.user),
        "recommendation": recommendation_dict(document.recommendation if member or document.released_id is None
                                              else document.released.snapshot["recommendation"]),
        "version": version.number, "draft": draft, "rendering": rendering_dict(rendering),
        "review": _review_summary(version, request.user),
        "versions": [version_summary(v, released=v.pk in released_pks) for v in versions],
        "flagged_claims": [c.as_dict() for c in services.flagged_claims(version)] if member else [],
    }


def _show(request, document, version, fmt: str, *, draft: bool):
    member = services.is_member(request.user, document)
    preview = request.GET.get("as", "") if member else ""
    if preview and preview not in PREVIEWS:
        raise InvalidInput("as", f"preview as one of: {', '.join(PREVIEWS)}")
    who = PREVIEWS[preview] if preview else request
    if preview and not services.is_released(version):
        rendering = core.render(services.core_version(version), PREVIEWS[preview])
    else:
        rendering = services.rendered_for(who, document, version=version)
    data = _document_data(request, document, version, rendering, draft=draft)
    latest = services.latest_version(document)
    pending = getattr(latest, "review", None)
    can_edit = can(request.user, Action.UPDATE, document)
    context = {
        "document": document, "version": version, "d": data, "rendering": rendering, "member": member,
        "draft": draft, "preview": preview, "previews": list(PREVIEWS), "latest": latest,
        "can_edit": can_edit and not (pending and pending.state == "in_review"),
        "can_request_review": can_edit and (pending is None or pending.state == "draft"),
        "review_form": RequestReviewForm(reviewer_orgs=Organisation.objects.filter(kind="reviewer")),
        "can_review": bool(pending and services.may_review(request.user, pending)),
        "title": rendering.title, "json_url": json_url(request),
    }
    return page(request, "documents/detail.html", context, data, fmt)


@require_GET
def document_detail(request, org: str, slug: str, fmt: str = "html"):
    """The released version as the viewer may read it; members (and the reviewer) see the latest when none is."""
    document = visible_document(request.user, org, slug)
    version = services.released_version(document)
    draft = version is None
    if version is None:
        version = services.latest_version(document)
    return _show(request, document, version, fmt, draft=draft)


@require_GET
def version_detail(request, org: str, slug: str, number: int, fmt: str = "html"):
    document = visible_document(request.user, org, slug)
    version = visible_version(request.user, document, number)
    return _show(request, document, version, fmt, draft=not services.is_released(version))


@require_GET
def version_list(request, org: str, slug: str, fmt: str = "html"):
    """The history: released versions for everyone, every version for the organisation's members."""
    document = visible_document(request.user, org, slug)
    released = services.released_versions(document)
    member = services.is_member(request.user, document)
    versions = list(document.versions.order_by("number")) if member else released
    released_pks = {v.pk for v in released}
    rows = [version_summary(v, released=v.pk in released_pks) for v in versions]
    for before, row in zip([None, *rows], rows, strict=False):
        row["previous"] = before["number"] if before else None
    data = {"document": document_summary(document, request.user), "versions": rows}
    return page(request, "documents/versions.html",
                {"document": document, "rows": rows, "title": public_title(document, request.user),
                 "released": released, "json_url": json_url(request)}, data, fmt)


def _number(request, name: str) -> int | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise InvalidInput(name, f"{text!r} is not a version number")
    return int(text)


@require_GET
def version_diff(request, org: str, slug: str, fmt: str = "html"):
    """What changed between two versions, for this viewer: withheld text changes are said, never shown."""
    document = visible_document(request.user, org, slug)
    released = services.released_versions(document)
    to_n, from_n = _number(request, "to"), _number(request, "from")
    if to_n is None:
        if len(released) < 2:
            new = old = None
        else:
            old, new = released[-2], released[-1]
    else:
        new = visible_version(request.user, document, to_n)
        old = visible_version(request.user, document, from_n if from_n is not None else max(to_n - 1, 1))
    changes = [change_dict(c) for c in services.diff(request, old, new)] if old and new else []
    data = {"document": document_summary(document, request.user), "from": old.number if old else None,
            "to": new.number if new else None, "changes": changes}
    return page(request, "documents/diff.html",
                {"document": document, "d": data, "changes": changes, "title": public_title(document, request.user),
                 "json_url": json_url(request)}, data, fmt)


# --- writing ---------------------------------------------------------------------------------


def _sections_from(formset) -> list:
    return [f.cleaned_data["section"] for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "section" in f.cleaned_data]


def _with_more(formset_class, post, prefix="sections"):
    """The same POST with one more empty section form (the "Add a section" button, without JavaScript)."""
    data = post.copy()
    total = int(data.get(f"{prefix}-TOTAL_FORMS", "0") or 0)
    data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, 100))
    return data


def _recommendation(form):
    d = form.cleaned_data
    return core.AudienceRecommendation(readership(d.get("recommended") or [], d.get("recommended_organisations", "")),
                                       d["rationale"])


def _incident_start(incident) -> list[dict]:
    """A post-incident report's sections, started from the incident's own fields (public until restricted)."""
    timeline = "\n".join(f"- {e.get('at', '')}: {e.get('text', '')}" for e in incident.timeline or [])
    fields = [("timeline", "Timeline", timeline), ("impact", "Impact", incident.impact),
              ("root-cause", "Root cause", incident.root_cause), ("mitigations", "Mitigations", incident.mitigations),
              ("lessons-learned", "Lessons learned", incident.lessons_learned)]
    return [{"key": k, "title": t, "body": b or "", "audiences": [], "organisations": "", "reason": "",
             "detail": "", "claims": ""} for k, t, b in fields]


def _template_start(kind: str) -> list[dict]:
    return [{"key": t.key, "title": t.title, "body": "", "audiences": [], "organisations": "", "reason": "",
             "detail": "", "claims": "", "prompt": t.prompt} for t in core.template_for(kind)]


@login_required
def document_new(request):
    """Write a new document: its fields and sections; governance cards and post-incident reports start filled."""
    orgs = _writable_orgs(request.user)
    if not orgs:
        raise PermissionDenied("you may write documents only as a member of an organisation")
    initial = {"organisation": request.GET.get("organisation", ""), "kind": request.GET.get("kind", "other")}
    incident = None
    if request.GET.get("incident", "").isdigit():
        from redline.disclosure.incidents import visible

        incident = visible(request.user).filter(pk=int(request.GET["incident"])).first()
        if incident is not None:
            initial.update(kind="post_incident_report", incident=incident.pk,
                           title=f"Post-incident report: {incident.title}"[:300])
    if initial["kind"] not in dict(KIND_CHOICES):
        initial["kind"] = "other"
    start = _incident_start(incident) if incident else _template_start(initial["kind"])
    if initial["kind"] == "governance_card" and "title" not in initial:
        org = next((o for o in orgs if o.slug == initial["organisation"]), orgs[0])
        initial["title"] = f"{org.name} governance card"
    form = DocumentForm(request.POST or None, organisations=orgs, initial=initial)
    formset = SectionFormSet(request.POST or None, prefix="sections", initial=start or None)
    if request.method == "POST" and request.POST.get("action") == "add":
        formset = SectionFormSet(_with_more(SectionFormSet, request.POST), prefix="sections")
        form.is_valid()
        return render(request, "documents/edit.html", _edit_context(form, formset, None, start))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        try:
            owner = next(o for o in orgs if o.slug == d["organisation"])
            model = _model(owner, d.get("model", ""))
            incident = _incident(request.user, d.get("incident"))
            document = services.create_document(
                owner, request.user, d["kind"], d["title"], _sections_from(formset),
                recommendation=_recommendation(form), model=model, incident=incident, note=d.get("note", ""))
        except InvalidInput as exc:
            add_service_error(form, exc, default=None)
        else:
            messages.success(request, "Draft saved. Nothing is public until a reviewer releases it: "
                                      "request a review when it is ready.")
            return redirect(document.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/edit.html", _edit_context(form, formset, None, start), status=status)


def _model(owner, text: str):
    text = (text or "").strip()
    if not text:
        return None
    from redline.registry.models import AIModel

    slug = text.split("/")[-1]
    model = AIModel.objects.filter(organisation=owner, slug=slug).first()
    if model is None:
        raise InvalidInput("model", f"{owner.slug} has no model {text!r}")
    return model


def _incident(user, number):
    if not number:
        return None
    from redline.disclosure.incidents import visible

    incident = visible(user).filter(pk=number).first()
    if incident is None:
        raise InvalidInput("incident", f"no incident {number}")
    return incident


def _edit_context(form, formset, document, start=None):
    prompts = {s["key"]: s["prompt"] for s in start or [] if s.get("prompt")}
    for section_form in formset.forms:
        prompt = prompts.get((section_form.initial or {}).get("key", ""))
        if prompt:
            section_form.fields["body"].widget.attrs["placeholder"] = prompt
            section_form.fields["body"].help_text = prompt
    return {"form": form, "formset": formset, "document": document,
            "title": f"Edit {document.title}" if document else "New document"}


@login_required
def document_edit(request, org: str, slug: str):
    """Revise: the latest version's fields and sections, saved as the next version."""
    document = visible_document(request.user, org, slug)
    if not can(request.user, Action.UPDATE, document):
        raise PermissionDenied("you may not update this document")
    if services.pending_review(document) is not None:
        messages.info(request, "This document is in review; it can change again once the reviewer decides or "
                               "returns it.")
        return redirect(document.get_absolute_url())
    latest = services.latest_version(document)
    snap = latest.snapshot
    rec = snap["recommendation"]
    initial = {"title": snap["title"], "recommended": [a for a in rec.get("audiences", []) if a != "public"],
               "recommended_organisations": ", ".join(rec.get("organisations", [])),
               "rationale": rec.get("rationale", "")}
    form = DocumentForm(request.POST or None, editing=True, initial=initial)
    formset = SectionFormSet(request.POST or None, prefix="sections",
                             initial=[section_initial(s) for s in snap["sections"]])
    if request.method == "POST" and request.POST.get("action") == "add":
        formset = SectionFormSet(_with_more(SectionFormSet, request.POST), prefix="sections")
        form.is_valid()
        return render(request, "documents/edit.html", _edit_context(form, formset, document))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        try:
            services.revise(document, request.user, _sections_from(formset), title=d["title"],
                            recommendation=_recommendation(form), note=d.get("note", ""))
        except (InvalidInput, IllegalTransition) as exc:
            if isinstance(exc, IllegalTransition):
                form.add_error(None, "This document is in review; it can change again once the reviewer decides "
                                     "or returns it.")
            else:
                add_service_error(form, exc, default=None)
        else:
            messages.success(request, "Saved as a new version. Request a review to release it.")
            return redirect(document.get_absolute_url() + f"versions/{latest.number + 1}/")
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/edit.html", _edit_context(form, formset, document), status=status)


@login_required
@require_POST
def request_review(request, org: str, slug: str):
    document = visible_document(request.user, org, slug)
    reviewer_orgs = Organisation.objects.filter(kind="reviewer")
    form = RequestReviewForm(request.POST, reviewer_orgs=reviewer_orgs)
    if not form.is_valid():
        messages.error(request, "Choose who should review the document.")
        return redirect(document.get_absolute_url())
    d = form.cleaned_data
    reviewer_org = reviewer_orgs.filter(slug=d["reviewer_org"]).first() if d.get("reviewer_org") else None
    try:
        services.request_review(services.latest_version(document), request.user, d["reviewer_kind"],
                                reviewer_org=reviewer_org)
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Sent for its information-hazard review. The text is frozen until the reviewer "
                                  "decides.")
    return redirect(document.get_absolute_url())


@login_required
def review_page(request, org: str, slug: str, number: int):
    """The reviewer's page: the whole version, each section's audience, flagged claims, the checklist."""
    document = visible_document(request.user, org, slug)
    version = visible_version(request.user, document, number)
    review = getattr(version, "review", None)
    if review is None:
        raise Http404("this version has not been sent for review")
    role = services.may_review(request.user, review)
    form = ReviewForm(request.POST or None) if role else None
    if request.method == "POST":
        if role is None:
            raise PermissionDenied("you may not review this document")
        if form.is_valid():
            d = form.cleaned_data
            try:
                if d["decision"] == "return":
                    services.return_to_author(review, request.user, d.get("rationale", ""))
                    messages.success(request, "Returned to the author with your reasons.")
                else:
                    services.decide(review, request.user, checklist=form.checklist(), decision=d["decision"],
                                    restrictions=form.parsed_restrictions(), rationale=d.get("rationale", ""))
                    messages.success(request, {"publish": "Released as it is.",
                                               "restrict": "Released with the sections you restricted.",
                                               "withhold": "Withheld: nothing of this version is released."}
                                     [d["decision"]])
            except (InvalidInput, PermissionDenied, IllegalTransition) as exc:
                if isinstance(exc, InvalidInput):
                    add_service_error(form, exc, default="decision")
                else:
                    form.add_error(None, str(exc))
            else:
                return redirect(document.get_absolute_url())
    rendering = services.rendered_for(request, document, version=version)
    rows = [{"key": s.key, "title": s.title, "audience": s.readership.label(),
             "restriction": s.restriction.label() if s.restriction else "", "rendered": r}
            for s, r in zip(services.core_version(version).sections, rendering.sections, strict=True)]
    context = {"document": document, "version": version, "review": review, "form": form, "role": role,
               "rows": rows, "sections": rendering_dict(rendering)["sections"],
               "flagged": services.flagged_claims(version), "summary": _review_summary(version,
                                                                                                   request.user),
               "title": f"Review of {rendering.title}"}
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/review.html", context, status=status)
