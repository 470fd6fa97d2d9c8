"""The public report form and the small forms of the case pages."""

from __future__ import annotations

from django import forms

from redline.core.disclosure.clocks import Severity
from redline.core.formats.neutral import ReportKind
from redline.disclosure.intake import Submission
from redline.disclosure.models import WITHHOLDABLE, Sensitivity
from redline.http.forms import lines


class ReportForm(forms.Form):
    """What anyone, signed in or not, submits; conditional questions are shown when their box is ticked."""

    kind = forms.ChoiceField(choices=[(k.value, k.value.capitalize()) for k in ReportKind])
    title = forms.CharField(max_length=200, help_text="One line that names the flaw.")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    models = forms.CharField(required=False, label="Affected models",
                             help_text="One per line as organisation/model, e.g. aurora-labs/aurora-2.")
    vendors = forms.CharField(required=False, label="Other affected developers",
                              help_text="Organisation slugs, one per line (a jailbreak that transfers).")
    other_systems = forms.CharField(required=False, label="Systems not in the registry",
                                    help_text="One per line: vendor / model / version.")
    expected_behaviour = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    actual_behaviour = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    policy_violated = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text="Which policy or scope claim this departs from.")
    reproduction = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text="Shared with the affected developers and coordinators only; never "
                                             "published.")
    cue_ids = forms.CharField(required=False, label="CUE entries", help_text="e.g. CUE-0001, one per line.")
    severity = forms.ChoiceField(choices=[(s.value, s.value.capitalize()) for s in Severity], initial="medium")
    prevalence = forms.CharField(required=False, max_length=40, help_text="e.g. 9 of 10 attempts.")
    harm_types = forms.CharField(required=False, help_text="One per line.")
    affected_stakeholders = forms.CharField(required=False, help_text="One per line.")
    credits = forms.CharField(required=False, help_text="How you want to be credited (one per line).")
    real_world_harm = forms.BooleanField(required=False, label="Has real-world harm happened?")
    malicious_use = forms.BooleanField(required=False, label="Have you seen malicious use of this?")
    csam_path = forms.BooleanField(required=False, label="Does this involve child sexual abuse material?",
                                   help_text="If ticked, do not include the material or a way to reproduce it: "
                                             "the report goes to coordinators only and is never published.")
    restricted_fields = forms.MultipleChoiceField(
        required=False, choices=[(f, f.replace("_", " ")) for f in WITHHOLDABLE], widget=forms.CheckboxSelectMultiple,
        label="Keep these fields off the public advisory")
    reporter_email = forms.EmailField(required=False, label="Your e-mail (optional)",
                                      help_text="Only for notifications; never published.")
    attachment = forms.FileField(required=False, help_text="Evidence (txt, csv, json, jsonl, pdf, png, jpg, log, "
                                                           "zip, md; up to 10 MB).")
    attachment_sensitivity = forms.ChoiceField(choices=Sensitivity.choices, initial=Sensitivity.RESTRICTED)
    accept_terms = forms.BooleanField(label="I accept the safe-harbor terms shown above")

    def submission(self, terms_version: str) -> Submission:
        d = self.cleaned_data
        systems = []
        for line in lines(d["other_systems"]):
            parts = [p.strip() or None for p in line.split("/")] + [None, None]
            systems.append({"vendor": parts[0], "model": parts[1], "version": parts[2]})
        return Submission(
            title=d["title"], description=d["description"], kind=d["kind"], models=lines(d["models"]),
            vendors=lines(d["vendors"]), affected_systems=systems, expected_behaviour=d["expected_behaviour"],
            actual_behaviour=d["actual_behaviour"], policy_violated=d["policy_violated"],
            reproduction=d["reproduction"], cue_ids=[c.upper() for c in lines(d["cue_ids"])],
            severity=d["severity"], prevalence=d["prevalence"], harm_types=lines(d["harm_types"]),
            affected_stakeholders=lines(d["affected_stakeholders"]), credits=lines(d["credits"]),
            real_world_harm=d["real_world_harm"], malicious_use=d["malicious_use"], csam_path=d["csam_path"],
            reporter_email=d["reporter_email"], accepted_terms=terms_version if d["accept_terms"] else "",
            restricted_fields=list(d["restricted_fields"]),
        )


class MessageForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Message")
    audience = forms.ChoiceField(choices=[("case", "Reporter, vendor and coordinators"),
                                          ("internal", "Internal note (not shown to the reporter)")],
                                 required=False, initial="case")
