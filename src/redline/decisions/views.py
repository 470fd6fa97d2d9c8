"""Gate pages per mode, decision records with re-check, protocols and drills."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from redline.accounts.models import User
from redline.accounts.policy import Action, can
from redline.core.deployment import MODE_LABELS, DeploymentMode
from redline.core.errors import InvalidInput, PermissionDenied
from redline.decisions import services
from redline.decisions.models import DecisionRecord, DeDeploymentProtocol, Outcome
from redline.decisions.serializers import decision_dict
from redline.http.forms import add_service_error, lines
from redline.http.render import json_url, page
from redline.registry.lookups import visible_model

MODES = [(m.value, MODE_LABELS[m]) for m in DeploymentMode]


@require_GET
def gate_page(request, org: str, slug: str, mode: str, fmt: str = "html"):
    model = visible_model(request.user, org, slug)
    try:
        parsed = DeploymentMode.parse(mode)
    except InvalidInput:
        raise Http404("no such deployment mode") from None
    report = services.evaluate_gate(model, parsed)
    return page(request, "decisions/gate.html",
                {"model": model, "report": report, "mode": parsed, "modes": list(DeploymentMode),
                 "json_url": json_url(request)},
                report.as_dict(), fmt)


class DecisionForm(forms.Form):
    mode = forms.ChoiceField(choices=MODES)
    outcome = forms.ChoiceField(choices=Outcome.choices)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    approvers = forms.CharField(required=False, help_text="E-mail addresses of the approvers, one per line",
                                widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def decision_new(request, org: str, slug: str):
    model = visible_model(request.user, org, slug, Action.UPDATE)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        emails = lines(form.cleaned_data["approvers"])
        approvers = list(User.objects.filter(email__in=emails))
        try:
            if len(approvers) != len(set(emails)):
                raise InvalidInput("approvers", "unknown e-mail address among the approvers")
            decision = services.record_decision(request.user, model, form.cleaned_data["mode"],
                                                form.cleaned_data["outcome"], form.cleaned_data["rationale"],
                                                approvers)
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Decision recorded with a frozen snapshot of the evidence.")
            return redirect(f"/decisions/{decision.pk}/")
    return render(request, "decisions/form.html", {"form": form, "model": model, "title": "Record a decision"},
                  status=400 if request.method == "POST" else 200)




@require_GET
def decision_detail(request, pk: int, fmt: str = "html"):
    decision = get_object_or_404(DecisionRecord.objects.select_related("model__organisation"), pk=pk)
    if not can(request.user, Action.VIEW, decision):
        raise Http404("no such decision")
    data = decision_dict(decision)
    recheck = services.recheck(decision) if request.GET.get("recheck") else None
    if recheck is not None:
        data["recheck"] = recheck
    return page(request, "decisions/detail.html", {"d": decision, "data": data, "recheck": recheck,
                                                   "json_url": json_url(request)}, data, fmt)


class ProtocolForm(forms.Form):
    deployment = forms.TypedChoiceField(coerce=int, choices=[])
    name = forms.CharField(max_length=200)
    triggers = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="One trigger per line")
    steps = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}),
                            help_text="One step per line: title | owner role | target minutes")

    def __init__(self, *args, deployments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deployment"].choices = [(d.pk, f"{d.get_mode_display()} ({d.get_status_display()})")
                                             for d in deployments]


def parse_steps(text: str) -> list[dict]:
    steps = []
    for i, line in enumerate(lines(text), start=1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise InvalidInput("steps", f"line {i} needs 'title | owner role | target minutes'")
        steps.append({"title": parts[0], "owner_role": parts[1], "target_minutes": parts[2]})
    return steps


@login_required
def protocol_new(request, org: str, slug: str):
    model = visible_model(request.user, org, slug, Action.UPDATE)
    deployments = list(model.deployments.all())
    form = ProtocolForm(request.POST or None, deployments=deployments)
    if request.method == "POST" and form.is_valid():
        deployment = next(d for d in deployments if d.pk == form.cleaned_data["deployment"])
        try:
            protocol = services.create_protocol(request.user, deployment, form.cleaned_data["name"],
                                                parse_steps(form.cleaned_data["steps"]),
                                                lines(form.cleaned_data["triggers"]))
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Protocol recorded.")
            return redirect(f"/protocols/{protocol.pk}/")
    return render(request, "decisions/form.html", {"form": form, "model": model, "title": "New de-deployment protocol"},
                  status=400 if request.method == "POST" else 200)


class DrillForm(forms.Form):
    timings = forms.CharField(help_text="Minutes each step took, in order, separated by commas")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


def protocol_detail(request, pk: int, fmt: str = "html"):
    protocol = get_object_or_404(DeDeploymentProtocol.objects.select_related("deployment__model__organisation"), pk=pk)
    if not can(request.user, Action.VIEW, protocol):
        raise Http404("no such protocol")
    can_edit = can(request.user, Action.UPDATE, protocol)
    form = DrillForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied()
        if form.is_valid():
            try:
                timings = [float(t) for t in form.cleaned_data["timings"].split(",") if t.strip()]
            except ValueError:
                form.add_error("timings", "durations must be numbers of minutes")
            else:
                try:
                    services.record_drill(request.user, protocol, timings, notes=form.cleaned_data["notes"])
                except InvalidInput as exc:
                    add_service_error(form, exc)
                else:
                    messages.success(request, "Drill recorded.")
                    return redirect(f"/protocols/{protocol.pk}/")
    drills = list(protocol.drills.all())
    data = {"id": protocol.pk, "model": protocol.deployment.model.full_slug, "deployment": protocol.deployment.mode,
            "name": protocol.name, "triggers": protocol.triggers, "steps": protocol.steps,
            "drills": [{"held_at": d.held_at.isoformat(), "all_met": d.all_met, "steps": d.comparison(),
                        "notes": d.notes} for d in drills]}
    return page(request, "decisions/protocol.html", {"p": protocol, "drills": drills, "form": form,
                                                     "json_url": json_url(request)}, data, fmt,
                status=400 if request.method == "POST" else 200)


@require_GET
def red_line_plot(request, org: str, slug: str, pk: int):
    """The red line's verdict drawn: estimate and interval against the threshold (SVG)."""
    from redline.commitments.models import Commitment
    from redline.commitments.plot import verdict_svg
    from redline.commitments.sections import visible_versions

    model = visible_model(request.user, org, slug)
    commitment = get_object_or_404(Commitment, pk=pk, model=model, kind="red_line")
    version = commitment.in_force() or visible_versions(commitment, request.user).first()
    if version is None:
        raise Http404("no such red line")
    row = next((r for r in services.gather(model).red_rows if r["commitment"] == commitment.pk), None)
    svg = verdict_svg(commitment.name, version.spec, row["verdict"] if row else None)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-cache"
    return response
