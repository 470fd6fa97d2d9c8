"""Transparency pages: the organisation's reports, the FMTI coverage, the EU form and the NIST practice map.

Every page has a JSON twin and reads without JavaScript. The computed pages (coverage, form, map) are
built from the facts the viewer's audience may see (:func:`viewer_audience`); a released report is shown
through the documents app's rendering, so withheld sections carry their marker on every surface.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from redline.accounts.models import Organisation
from redline.accounts.policy import Action, can, org_kinds, role_in
from redline.core.documents import compare_reports, parse_quarter
from redline.core.errors import InvalidInput
from redline.core.transparency import RECIPIENTS, load_practices, write_report
from redline.http.render import json_url, page
from redline.registry.lookups import visible_model
from redline.transparency import documents_bridge, output, services
from redline.transparency.facts import model_filter, parse_audiences

RECIPIENT_LABELS = {"ai_office": "AI Office", "national_competent_authorities": "national competent authorities",
                    "downstream_providers": "downstream providers"}


def _org(slug: str) -> Organisation:
    org = get_object_or_404(Organisation, slug=slug)
    if org.kind != "developer":
        raise Http404("transparency outputs are kept for developer organisations")
    return org


def viewer_audience(user, org: Organisation) -> str:
    """The one audience whose facts ``user`` reads on the computed pages (members and operators: internal)."""
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return "internal"
    if role_in(user, org) is not None:
        return "internal"
    kinds = org_kinds(user) if getattr(user, "is_authenticated", False) else set()
    for kind, audience in (("regulator", "regulators"), ("reviewer", "reviewers"), ("research", "reviewers"),
                           ("developer", "developers")):
        if kind in kinds:
            return audience
    return "public"


def _base(org) -> str:
    return f"/orgs/{org.slug}/transparency/"


# --- the organisation's transparency page and its reports -----------------------------------------------------


@require_GET
def index(request, org: str, fmt: str = "html"):
    organisation = _org(org)
    reports = documents_bridge.reports_of(organisation, request.user)
    base = _base(organisation)
    from django.utils import timezone

    from redline.core.documents import quarter_of

    data = {"organisation": organisation.slug, "reports": reports, "fmti": base + "fmti/",
            "eu_form": base + "eu-form/", "nist": base + "nist/", "documents_available": documents_bridge.available()}
    context = {"org": organisation, "reports": reports, "base": base, "json_url": json_url(request),
               "can_build": services.is_admin(request.user, organisation),
               "period": str(quarter_of(timezone.now())), "released": [r for r in reports if r["released"]]}
    return page(request, "transparency/index.html", context, data, fmt)


@login_required
@require_POST
def build(request, org: str):
    """The "Build the quarterly report" button: store the report as a draft document, then review it there."""
    organisation = _org(org)
    try:
        period = parse_quarter(request.POST.get("period", ""))
        document = services.store_report(request.user, organisation, period)
    except InvalidInput as exc:
        messages.error(request, str(exc))
        return redirect(_base(organisation))
    messages.success(request, f"Built the {period} report as a draft document. Ask for its review to release it.")
    return redirect(document.get_absolute_url())


def _released(request, organisation, slug):
    found = documents_bridge.released_report(organisation, slug, request.user)
    if found is None:
        raise Http404("no released transparency report with that name")
    return found


def _as_report(document, rendering, public_data, version) -> dict:
    """A released document's rendering in the report's JSON shape (plots only for public sections shown)."""
    core = documents_bridge.core_version(version)
    sections = {}
    for s in rendering.sections:
        extra = public_data.get(s.key, {}) if not s.withheld else {}
        sections[s.key] = {"title": s.title, "text": s.body, "withheld": s.withheld, "audiences": list(s.audiences),
                           "metrics": extra.get("metrics", {}), "items": extra.get("items", []),
                           "plots": extra.get("plots", [])}
    return {"title": rendering.title, "organisation": {"slug": document.organisation.slug,
                                                       "name": document.organisation.name},
            "period": core.period, "generated_at": (core.extra or {}).get("generated_at", ""),
            "version": rendering.number, "document": document.get_absolute_url(),
            "withheld": list(rendering.withheld), "audiences": [], "sections": sections}


@require_GET
def report_detail(request, org: str, slug: str, fmt: str = "html"):
    organisation = _org(org)
    document, rendering, public_data, version = _released(request, organisation, slug)
    data = _as_report(document, rendering, public_data, version)
    context = {**output.html_context(data), "org": organisation, "document": document, "base": _base(organisation),
               "json_url": json_url(request), "slug": slug}
    return page(request, "transparency/report_page.html", context, data, fmt)


@require_GET
def report_download(request, org: str, slug: str, fmt: str):
    organisation = _org(org)
    if fmt not in ("html", "pdf"):
        raise Http404("html or pdf")
    document, rendering, public_data, version = _released(request, organisation, slug)
    data = _as_report(document, rendering, public_data, version)
    body = output.write(data, fmt)
    response = HttpResponse(body, content_type="application/pdf" if fmt == "pdf" else "text/html; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if fmt == "pdf" else "inline"}; filename="{slug}.{fmt}"'
    return response


@require_GET
def report_compare(request, org: str, fmt: str = "html"):
    """What changed between two released reports, as the viewer reads both."""
    organisation = _org(org)
    released = [r for r in documents_bridge.reports_of(organisation, request.user) if r["released"]]
    old_slug = request.GET.get("old") or (released[1]["slug"] if len(released) > 1 else "")
    new_slug = request.GET.get("new") or (released[0]["slug"] if released else "")
    changes, old, new = [], None, None
    if old_slug and new_slug:
        old = _as_report(*_released(request, organisation, old_slug))
        new = _as_report(*_released(request, organisation, new_slug))
        changes = [c.as_dict() for c in compare_reports(old, new)]
    data = {"organisation": organisation.slug, "old": old_slug or None, "new": new_slug or None,
            "old_period": old and old["period"], "new_period": new and new["period"], "changes": changes}
    context = {"org": organisation, "released": released, "data": data, "base": _base(organisation),
               "json_url": json_url(request)}
    return page(request, "transparency/compare.html", context, data, fmt)


# --- FMTI ------------------------------------------------------------------------------------------


@require_GET
def fmti(request, org: str, fmt: str = "html"):
    organisation = _org(org)
    cov = services.fmti_coverage(organisation, viewer_audience(request.user, organisation))
    stored = services.latest_fmti(organisation)
    imported = None if stored is None else {"source": stored.source_name, "sha256": stored.sha256,
                                            "score": stored.score, "imported_at": stored.imported_at.isoformat()}
    data = {**cov.as_dict(), "imported": imported}
    context = {"org": organisation, "summary": cov.summary(), "results": cov.results, "imported": imported,
               "base": _base(organisation), "json_url": json_url(request),
               "can_import": services.is_admin(request.user, organisation)}
    return page(request, "transparency/fmti.html", context, data, fmt)


@require_GET
def fmti_csv(request, org: str):
    organisation = _org(org)
    cov = services.fmti_coverage(organisation, viewer_audience(request.user, organisation))
    response = HttpResponse(write_report(cov.rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-fmti-2025.csv"'
    return response


@login_required
@require_POST
def fmti_import(request, org: str):
    organisation = _org(org)
    upload = request.FILES.get("report")
    if upload is None:
        messages.error(request, "report: choose a CSV file in FMTI's report shape")
        return redirect(_base(organisation) + "fmti/")
    from redline.core.transparency.fmti import MAX_BYTES

    if upload.size > MAX_BYTES:
        messages.error(request, f"report: the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        return redirect(_base(organisation) + "fmti/")
    try:
        stored = services.import_fmti(request.user, organisation, upload.read(), source=upload.name or "report.csv")
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Imported {len(stored.rows)} indicators from {stored.source_name} "
                                  f"(score {stored.score} of 100).")
    return redirect(_base(organisation) + "fmti/")


# --- the EU model documentation form --------------------------------------------------------------------


def _form_model(request, organisation):
    from redline.registry.models import AIModel

    audience = viewer_audience(request.user, organisation)
    models = list(AIModel.objects.filter(organisation=organisation).filter(model_filter(parse_audiences(audience)))
                  .listed().order_by("name"))
    wanted = request.GET.get("model") or request.POST.get("model")
    chosen = next((m for m in models if m.slug == wanted), None) if wanted else (models[0] if models else None)
    if wanted and chosen is None:
        raise Http404("no such model")
    if chosen is not None:
        chosen = visible_model(request.user, organisation.slug, chosen.slug)
    return models, chosen, audience


@require_GET
def eu_form(request, org: str, fmt: str = "html"):
    from redline.core.transparency import load_form

    organisation = _org(org)
    models, model, audience = _form_model(request, organisation)
    recipient = request.GET.get("recipient") or None
    if recipient is not None and recipient not in RECIPIENTS:
        raise Http404("unknown recipient")
    form = load_form()
    items = services.eu_form(organisation, model, audience, recipient=recipient) if model else []
    rows = [{**i.as_dict(), "recipient_labels": [RECIPIENT_LABELS[r] for r in i.item.recipients]} for i in items]
    data = {"organisation": organisation.slug, "model": model.full_slug if model else None,
            "form": {"source": form.source, "published": form.published, "url": form.url},
            "recipient": recipient, "items": rows, "empty": sum(1 for r in rows if r["empty"])}
    context = {"org": organisation, "models": models, "model": model, "rows": rows, "data": data,
               "recipient": recipient, "recipients": [(r, RECIPIENT_LABELS[r]) for r in RECIPIENTS],
               "labels": RECIPIENT_LABELS, "base": _base(organisation), "json_url": json_url(request),
               "can_edit": model is not None and can(request.user, Action.UPDATE, model)}
    return page(request, "transparency/eu_form.html", context, data, fmt)


@login_required
@require_POST
def eu_form_entry(request, org: str):
    organisation = _org(org)
    _, model, _ = _form_model(request, organisation)
    if model is None:
        raise Http404("no model")
    try:
        services.set_eu_entry(request.user, model, request.POST.get("item", ""), request.POST.get("text", ""))
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Saved item {request.POST.get('item')} of the form.")
    return redirect(f"{_base(organisation)}eu-form/?model={model.slug}#item-{request.POST.get('item', '')}")


# --- the NIST AI 800-1 practice map ----------------------------------------------------------------------


@require_GET
def nist(request, org: str, fmt: str = "html"):
    organisation = _org(org)
    pm = services.nist_map(organisation, viewer_audience(request.user, organisation))
    data = {"organisation": organisation.slug, **pm.as_dict()}
    context = {"org": organisation, "map": pm, "data": data, "base": _base(organisation),
               "json_url": json_url(request), "can_claim": services.is_admin(request.user, organisation),
               "practices": load_practices()[1], "statuses": ("done", "partial", "planned", "not_yet_feasible")}
    return page(request, "transparency/nist.html", context, data, fmt)


@login_required
@require_POST
def nist_claim(request, org: str):
    organisation = _org(org)
    practice = request.POST.get("practice", "")
    try:
        services.set_claim(request.user, organisation, practice, status=request.POST.get("status", ""),
                           statement=request.POST.get("statement", ""),
                           evidence=request.POST.get("evidence", "").split(), reason=request.POST.get("reason", ""))
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Recorded the organisation's statement on practice {practice}.")
    return redirect(f"{_base(organisation)}nist/#practice-{practice}")
