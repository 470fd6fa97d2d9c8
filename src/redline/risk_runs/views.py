"""Threat-profile risk pages: the attached model, stored runs, the F-N plot and the verdict."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from redline.accounts.policy import Action, can
from redline.commitments.lookups import visible_profile
from redline.commitments.models import CommitmentVersion, ThreatProfile
from redline.core.commitments import CommitmentState
from redline.core.errors import InvalidInput
from redline.http.forms import add_service_error
from redline.http.render import json_url, page
from redline.risk_runs import services
from redline.risk_runs.forms import RunForm
from redline.risk_runs.models import RiskRun
from redline.risk_runs.plot import curve_png
from redline.risk_runs.serializers import profile_dict, run_dict


def _run(request, pk: int) -> RiskRun:
    run = RiskRun.objects.select_related("profile__model__organisation").filter(pk=pk).first()
    if run is None or not can(request.user, Action.VIEW, run.profile.model):
        raise Http404("no such run")
    return run


def _thresholds(profile: ThreatProfile):
    return list(CommitmentVersion.objects.filter(
        commitment__threat_profile=profile, commitment__kind="risk_threshold",
        state=CommitmentState.IN_FORCE.value).select_related("commitment"))






@require_GET
def profile_detail(request, pk: int, fmt: str = "html"):
    profile = visible_profile(request.user, pk)
    runs = list(profile.risk_runs.select_related("threshold_version__commitment")[:20])
    current = services.yaml_digest(profile.risk_model_yaml.strip()) if profile.risk_model_yaml.strip() else None
    thresholds = _thresholds(profile)
    can_run = can(request.user, Action.UPDATE, profile.model) and bool(current)
    context = {"profile": profile, "runs": runs, "latest": runs[0] if runs else None, "current_sha": current,
               "form": RunForm(thresholds=thresholds) if can_run else None, "thresholds": thresholds,
               "json_url": json_url(request)}
    return page(request, "risk_runs/profile.html", context, profile_dict(profile, runs), fmt)


@login_required
@require_POST
def profile_run(request, pk: int):
    profile = visible_profile(request.user, pk)
    thresholds = _thresholds(profile)
    form = RunForm(request.POST, thresholds=thresholds)
    if form.is_valid():
        data = form.cleaned_data
        version = next((v for v in thresholds if str(v.pk) == data["threshold_version"]), None)
        try:
            run = services.run_profile(request.user, profile, threshold=data["threshold"],
                                       probability=data["probability"], threshold_version=version,
                                       samples=data["samples"], seed=data["seed"], outer=data["outer"],
                                       inner=data["inner"], user=request.user)
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Run stored.")
            return redirect(f"/risk-runs/{run.pk}/")
    runs = list(profile.risk_runs.all()[:20])
    context = {"profile": profile, "runs": runs, "latest": runs[0] if runs else None, "form": form,
               "thresholds": thresholds,
               "current_sha": services.yaml_digest(profile.risk_model_yaml.strip())}
    return page(request, "risk_runs/profile.html", context, {}, status=400)


@require_GET
def run_detail(request, pk: int, fmt: str = "html"):
    run = _run(request, pk)
    current = services.yaml_digest(run.profile.risk_model_yaml.strip())
    context = {"run": run, "stale": current != run.model_sha256, "json_url": json_url(request)}
    return page(request, "risk_runs/run.html", context, run_dict(run), fmt)


@require_GET
def run_plot(request, pk: int):
    run = _run(request, pk)
    response = HttpResponse(curve_png(run), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
