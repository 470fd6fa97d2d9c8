"""Safety-case pages: the list per model, the case (diagram, outline, gaps, evidence, assessment), the
editor, binding a Solution, submission, assessment and met conditions."""

from __future__ import annotations

import io
import json
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from redline.accounts.policy import Action, can
from redline.core import gsn
from redline.core.errors import InvalidInput, PermissionDenied, RendererUnavailable
from redline.core.gsn.assessment import AssessmentVerdict, CaseState
from redline.http.forms import add_service_error, lines
from redline.http.render import json_url, page
from redline.registry.lookups import visible_model
from redline.safety_cases import services
from redline.safety_cases.forms import AssessForm, BindForm, MetForm, TemplateForm, YamlForm
from redline.safety_cases.lookups import visible_case, visible_cases
from redline.safety_cases.serializers import assessment_dict, case_summary, live_dict
from redline.safety_cases.templating import readable_briefs, template_values


@require_GET
def case_list(request, org: str, slug: str, fmt: str = "html"):
    model = visible_model(request.user, org, slug)
    cases = [(c, services.live(c)) for c in visible_cases(request.user, model)]
    rows = [case_summary(c, current) for c, current in cases]
    data = {"model": model.full_slug, "safety_cases": rows,
            "required_by": [v.commitment.name for v in services.requiring(model)]}
    return page(request, "safety_cases/list.html",
                {"model": model, "rows": rows, "required_by": data["required_by"],
                 "can_edit": can(request.user, Action.UPDATE, model), "templates": readable_briefs(model),
                 "json_url": json_url(request)}, data, fmt)


@login_required
def case_new(request, org: str, slug: str):
    """Start a case from a template, or from pasted gsn2x YAML (checked before it is saved)."""
    model = visible_model(request.user, org, slug, Action.UPDATE)
    # Two forms on one page: prefixes keep their field ids (and labels) apart.
    template_form = TemplateForm(request.POST if request.POST.get("from") == "template" else None, prefix="tpl")
    yaml_form = YamlForm(request.POST if request.POST.get("from") == "yaml" else None, prefix="yaml")
    diagnostics = None
    if request.method == "POST":
        try:
            if template_form.is_bound and template_form.is_valid():
                d = template_form.cleaned_data
                case = services.create_from_template(
                    request.user, model, d["template"], template_values(model, d["template"], d),
                    title=d["title"], modes=d["modes"])
                messages.success(request, "Draft case written from the template. Develop its undeveloped goals "
                                          "and bind its Solutions to evidence.")
                return redirect(case.get_absolute_url())
            if yaml_form.is_bound and yaml_form.is_valid():
                d = yaml_form.cleaned_data
                diagnostics = _diagnostics(d["source"], d["text"])
                if request.POST.get("action") != "check" and diagnostics["valid"]:
                    case = services.import_case(request.user, model, [(d["source"], d["text"])],
                                                title=d["title"], modes=d["modes"])
                    messages.success(request, "Case saved as a draft.")
                    return redirect(case.get_absolute_url())
        except InvalidInput as exc:
            add_service_error(template_form if template_form.is_bound else yaml_form, exc, default=None)
    status = 400 if request.method == "POST" and request.POST.get("action") != "check" else 200
    return render(request, "safety_cases/new.html",
                  {"model": model, "template_form": template_form, "yaml_form": yaml_form,
                   "diagnostics": diagnostics, "templates": readable_briefs(model)}, status=status)


def _diagnostics(source: str, text: str) -> dict:
    """The check of pasted YAML for the editor: diagnostics, or the one reading error."""
    try:
        _case, result = services.check_files(services.clean_files([(source, text)]))
    except InvalidInput as exc:
        return {"valid": False, "read_error": str(exc), "diagnostics": [], "nodes": 0}
    return {**result.as_dict(), "read_error": None}


def _context(case, *, draw: bool):
    current = services.live(case)
    standing = services.standing(case, current)
    assessments = []
    for a in case.assessments.select_related("assessor", "organisation", "key").prefetch_related("conditions"):
        assessments.append(assessment_dict(a, problem=services.verify_assessment(a)))
    data = live_dict(current, standing=standing, assessments=assessments)
    svg = None
    if draw:
        try:
            svg = gsn.render_svg(current.argument, current.status)
        except RendererUnavailable:
            svg = None  # the page shows the outline alone, and says why
        else:
            svg = svg[svg.find("<svg"):]  # inline in HTML: no XML prolog or DOCTYPE
    return current, data, svg


@require_GET
def case_detail(request, org: str, slug: str, case: str, fmt: str = "html"):
    obj = visible_case(request.user, org, slug, case)
    current, data, svg = _context(obj, draw=fmt == "html")
    if fmt == "json":
        return page(request, "", {}, data, fmt)
    can_edit = can(request.user, Action.UPDATE, obj)
    can_assess = False
    if obj.state_enum is CaseState.SUBMITTED and request.user.is_authenticated and not can_edit:
        try:
            services.assessor_org(request.user, obj)
            can_assess = True
        except PermissionDenied:  # not an independent reviewer: no button
            can_assess = False
    unbound = [e for e in current.argument.solutions() if e.id not in current.bound]
    context = {"case": obj, "model": obj.model, "d": data, "svg": svg,
               "outline": gsn.outline(current.argument, current.status), "can_edit": can_edit,
               "can_assess": can_assess, "unbound": unbound, "editable": obj.state_enum is not CaseState.SUBMITTED,
               "json_url": json_url(request)}
    return render(request, "safety_cases/detail.html", context)


@require_GET
def case_diagram(request, org: str, slug: str, case: str):
    obj = visible_case(request.user, org, slug, case)
    current = services.live(obj)
    try:
        svg = gsn.render_svg(current.argument, current.status)
    except RendererUnavailable as exc:
        return HttpResponse(f"{exc}\n\n{gsn.outline_text(gsn.outline(current.argument, current.status))}",
                            content_type="text/plain; charset=utf-8", status=503)
    return HttpResponse(svg, content_type="image/svg+xml")


@require_GET
def case_export(request, org: str, slug: str, case: str):
    """The case's gsn2x YAML as written: one file as YAML, several as a zip."""
    obj = visible_case(request.user, org, slug, case)
    files = services.export_files(obj)
    if len(files) == 1:
        (name, text), = files.items()
        response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_safe_name(name)}"'
        return response
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(_safe_name(name), text)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{obj.slug}.zip"'
    return response


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isalnum() or ch in "._-") or "case.gsn.yaml"


@login_required
def case_edit(request, org: str, slug: str, case: str):
    """The editor: paste gsn2x YAML; it is checked with gsn2x's codes and the diagnostics shown inline."""
    obj = visible_case(request.user, org, slug, case, Action.UPDATE)
    if len(obj.files) != 1:
        messages.error(request, "This case has several modules; import the edited files with "
                                "`redline safety-case import`.")
        return redirect(obj.get_absolute_url())
    initial = {"title": obj.title, "modes": obj.modes, "source": obj.files[0]["source"], "text": obj.files[0]["text"]}
    form = YamlForm(request.POST or None, initial=initial)
    diagnostics = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        diagnostics = _diagnostics(d["source"], d["text"])
        if request.POST.get("action") != "check" and diagnostics["valid"]:
            try:
                services.update_case(request.user, obj, [(d["source"], d["text"])], title=d["title"],
                                     modes=d["modes"])
            except InvalidInput as exc:
                add_service_error(form, exc, default="text")
            else:
                messages.success(request, "Case saved; its status is recomputed from the evidence.")
                return redirect(obj.get_absolute_url())
    elif request.method == "GET":
        diagnostics = _diagnostics(initial["source"], initial["text"])
    status = 400 if request.method == "POST" and request.POST.get("action") != "check" else 200
    return render(request, "safety_cases/edit.html", {"case": obj, "model": obj.model, "form": form,
                                                      "diagnostics": diagnostics}, status=status)


def _bind_form(obj, data=None, initial=None):
    model = obj.model
    argument = services.argument(obj.files)
    protocols = [p for d in model.deployments.all() for p in d.protocols.all()]
    return BindForm(data, initial=initial, solutions=argument.solutions(),
                    commitments=list(model.commitments.order_by("kind", "name")),
                    decisions=list(model.decisions.all()[:50]), protocols=protocols), argument


@login_required
def case_bind(request, org: str, slug: str, case: str):
    """Bind a Solution to a record on redline; its status is then read from the record, live."""
    obj = visible_case(request.user, org, slug, case, Action.UPDATE)
    element = request.GET.get("element") or request.POST.get("element")
    initial = {"element": element}
    if element:
        slot = services.argument(obj.files).get(element)
        kind = slot.extra.get("evidence") if slot is not None else None
        if isinstance(kind, str):
            initial["kind"] = kind
    form, argument = _bind_form(obj, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        model = obj.model
        try:
            services.bind(
                request.user, obj, d["element"], d["kind"],
                commitment=model.commitments.filter(pk=d["commitment"]).first() if d["commitment"] else None,
                safeguard=d["safeguard"],
                decision=model.decisions.filter(pk=d["decision"]).first() if d["decision"] else None,
                protocol=next((p for dep in model.deployments.all() for p in dep.protocols.all()
                               if p.pk == d["protocol"]), None),
                modification=d["modification"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{d['element']} is bound; its status now follows the record.")
            return redirect(obj.get_absolute_url())
    return render(request, "safety_cases/bind.html", {"case": obj, "model": obj.model, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def case_unbind(request, org: str, slug: str, case: str):
    obj = visible_case(request.user, org, slug, case, Action.UPDATE)
    try:
        services.unbind(request.user, obj, request.POST.get("element", ""))
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Binding removed.")
    return redirect(obj.get_absolute_url())


@login_required
@require_POST
def case_submit(request, org: str, slug: str, case: str):
    obj = visible_case(request.user, org, slug, case, Action.UPDATE)
    try:
        services.submit(request.user, obj)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Submitted for independent assessment. The case is frozen until assessed "
                                  "or withdrawn.")
    return redirect(obj.get_absolute_url())


@login_required
@require_POST
def case_withdraw(request, org: str, slug: str, case: str):
    obj = visible_case(request.user, org, slug, case, Action.UPDATE)
    services.withdraw(request.user, obj)
    messages.success(request, "Submission withdrawn; the case is a draft again.")
    return redirect(obj.get_absolute_url())


def _element_reasons(text: str) -> dict[str, str]:
    out = {}
    for line in lines(text):
        element, sep, why = line.partition(":")
        if not sep:
            raise InvalidInput("element_reasons", f"write 'ELEMENT: why' (got {line[:60]!r})")
        out[element.strip()] = why.strip()
    return out


@login_required
def case_assess(request, org: str, slug: str, case: str):
    """An independent reviewer's verdict, signed (or the document to sign offline, downloaded)."""
    obj = visible_case(request.user, org, slug, case)
    org_ = services.assessor_org(request.user, obj)  # PermissionDenied → the 403 page, saying why
    form = AssessForm(request.POST or None)
    current = services.live(obj)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            per = _element_reasons(d["element_reasons"])
            if request.POST.get("action") == "document":
                verdict, reasons, per, conds = services.clean_assessment(current, d["verdict"], d["reasons"], per,
                                                                          lines(d["conditions"]))
                doc = services.assessment_payload(obj, current, verdict=verdict, reasons=reasons,
                                                  element_reasons=per, conditions=conds,
                                                  assessor=request.user.email, organisation=org_.slug)
                response = HttpResponse(json.dumps(doc, ensure_ascii=False, indent=2),
                                        content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="{obj.slug}-assessment.json"'
                return response
            services.assess(request.user, obj, d["verdict"], d["reasons"], element_reasons=per,
                            conditions=lines(d["conditions"]), signature=d["signature"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Assessment signed and recorded.")
            return redirect(obj.get_absolute_url())
    return render(request, "safety_cases/assess.html",
                  {"case": obj, "model": obj.model, "form": form, "org": org_, "summary": current.summary(),
                   "verdicts": list(AssessmentVerdict)},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def condition_met(request, org: str, slug: str, case: str, pk: int):
    obj = visible_case(request.user, org, slug, case, Action.UPDATE)
    condition = next((c for a in obj.assessments.all() for c in a.conditions.all() if c.pk == pk), None)
    form = MetForm(request.POST)
    if condition is None:
        messages.error(request, "No such condition on this case.")
    elif not form.is_valid():
        messages.error(request, "Say how the condition was met.")
    else:
        try:
            services.meet_condition(request.user, condition, form.cleaned_data["note"])
        except InvalidInput as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Condition recorded as met.")
    return redirect(obj.get_absolute_url())
