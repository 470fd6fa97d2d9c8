"""Evidence pages: a model's evaluations and campaigns, and the upload form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect

from redline.accounts.policy import Action, can
from redline.core.errors import InvalidInput
from redline.evidence import serializers, services
from redline.http.forms import add_service_error
from redline.http.render import json_url, page
from redline.registry.lookups import visible_model


class UploadForm(forms.Form):
    file = forms.FileField(help_text="Inspect log (.json/.eval), lm-eval results, garak report or campaign CSV/JSONL")
    kind = forms.ChoiceField(required=False, choices=[("", "detect"), ("inspect", "Inspect"), ("lm-eval", "lm-eval"),
                                                      ("garak", "garak"), ("campaign", "campaign")])
    elicitation = forms.ChoiceField(required=False, choices=[("", "as recorded in the file")] + [
        (x, x) for x in ("none", "basic", "moderate", "strong", "expert")])
    model_alias = forms.CharField(
        required=False, max_length=700, label="Model name in the file",
        help_text="Only when the file names this model otherwise: SOURCE=ORG/NAME, e.g. mockllm/model=acme/acme-7b. "
                  "A file about another model is refused; the mapping you declare is kept and shown on the verdict.")
    tolerance = forms.FloatField(required=False, min_value=0, max_value=1, initial=0.05,
                                 help_text="Campaigns: tolerated undetected success rate")
    # The elicitation record (NIST AI 800-1 practice 4.1); what the file itself records is kept unless set here.
    prompting = forms.CharField(required=False, max_length=200, help_text="e.g. few-shot, chain of thought")
    scaffolding = forms.CharField(required=False, max_length=200, help_text="e.g. agent loop")
    tools = forms.CharField(required=False, max_length=300, help_text="Comma-separated, e.g. python, web search")
    fine_tuning = forms.BooleanField(required=False)
    helpful_only = forms.BooleanField(required=False, label="Helpful-only access")
    safeguards_off = forms.BooleanField(required=False, label="Safeguards off")
    attempts = forms.IntegerField(required=False, min_value=1, help_text="Attempts per task")
    effort_hours = forms.FloatField(required=False, min_value=0, label="Red-team effort (hours)")
    red_team_independence = forms.ChoiceField(required=False, choices=[
        ("", "—"), ("internal", "internal"), ("contracted", "contracted"), ("independent", "independent")])
    threat_actor_estimate = forms.ChoiceField(
        required=False, label="What a threat actor could apply",
        choices=[("", "—")] + [(x, x) for x in ("none", "basic", "moderate", "strong", "expert")])

    def __init__(self, *args, model=None, **kwargs):
        super().__init__(*args, **kwargs)
        if model is not None:  # the example names the model the file is filed under
            field = self.fields["model_alias"]
            field.help_text = field.help_text.replace("acme/acme-7b", model.full_slug)

    def elicitation_record(self) -> dict:
        d = self.cleaned_data
        record = {k: d[k] for k in ("prompting", "scaffolding", "attempts", "effort_hours", "red_team_independence",
                                    "threat_actor_estimate") if d.get(k) not in (None, "")}
        record.update({k: True for k in ("fine_tuning", "helpful_only", "safeguards_off") if d.get(k)})
        if d.get("tools"):
            record["tools"] = [t.strip() for t in d["tools"].split(",") if t.strip()]
        return record


def evidence_page(request, org: str, slug: str, fmt: str = "html"):
    model = visible_model(request.user, org, slug)
    can_import = can(request.user, Action.UPDATE, model)
    form = UploadForm(request.POST or None, request.FILES or None, model=model) if can_import else None
    if request.method == "POST":
        if not can_import:
            visible_model(request.user, org, slug, Action.UPDATE)  # 403
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.import_upload(request.user, model, data["file"], kind=data["kind"] or None,
                                                elicitation_level=data["elicitation"] or None,
                                                elicitation=form.elicitation_record(),
                                                tolerance=data["tolerance"] if data["tolerance"] is not None else 0.05,
                                                model_alias=data["model_alias"] or None)
            except InvalidInput as exc:
                add_service_error(form, exc, default="file")
            else:
                messages.success(request, f"Imported {len(result.evaluations)} evaluation(s) and "
                                          f"{len(result.campaigns)} campaign(s) (SHA-256 {result.sha256[:12]}…); "
                                          f"{len(result.verdicts)} verdict(s) computed.")
                for warning in result.warnings:
                    messages.warning(request, f"Warning: {warning}.")
                return redirect(model.get_absolute_url())
    evaluations = model.evaluations.order_by("-imported_at")
    campaigns = model.safeguard_campaigns.order_by("-imported_at")
    data = {"model": model.full_slug, "evaluations": [serializers.evaluation_dict(e) for e in evaluations],
            "campaigns": [serializers.campaign_dict(c) for c in campaigns]}
    context = {"model": model, "form": form, "evaluations": data["evaluations"], "campaigns": campaigns,
               "json_url": json_url(request)}
    return page(request, "evidence/list.html", context, data, fmt, status=400 if request.method == "POST" else 200)
