"""Forms: a case from a template or from pasted gsn2x YAML, binding a Solution, an assessment, a met condition."""

from __future__ import annotations

from django import forms

from redline.core.deployment import MODE_LABELS, DeploymentMode
from redline.core.gsn import TEMPLATE_NAMES, EvidenceKind
from redline.core.gsn.assessment import AssessmentVerdict

MODE_CHOICES = [(m.value, MODE_LABELS[m]) for m in DeploymentMode]
KIND_LABELS = {
    EvidenceKind.RED_LINE_VERDICT: "A red line's latest verdict",
    EvidenceKind.SAFEGUARD_TEST: "A safeguard's latest adequacy test",
    EvidenceKind.RISK_RUN: "A risk threshold's risk-engine verdict",
    EvidenceKind.DECISION: "A deployment decision",
    EvidenceKind.DRILL: "A de-deployment protocol's latest drill",
}


class TemplateForm(forms.Form):
    template = forms.ChoiceField(choices=[(t, t) for t in TEMPLATE_NAMES], initial="inability",
                                 help_text="The kind of argument (see the list above)")
    title = forms.CharField(max_length=200, required=False, help_text="Optional; the template's brief otherwise")
    modes = forms.MultipleChoiceField(choices=MODE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text="The deployment modes the case argues for; none ticked means every mode")
    deployment = forms.CharField(max_length=200, initial="hosted API", help_text="The deployment, in words")
    threat_profile = forms.CharField(max_length=200, required=False,
                                     help_text="Filled from the model's threat profiles when left empty")
    capability = forms.CharField(max_length=300, required=False, help_text="inability: the harmful capability")
    risk_threshold = forms.CharField(max_length=200, required=False, help_text="control: the risk threshold")
    red_lines = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                help_text="One per line; filled from the model's red lines when left empty")
    safeguards = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="control: one per line; filled from the red lines' safeguards when empty")
    advisers = forms.CharField(max_length=300, required=False, help_text="deference: who was deferred to")


class YamlForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    modes = forms.MultipleChoiceField(choices=MODE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text="The deployment modes the case argues for; none ticked means every mode")
    source = forms.CharField(max_length=200, initial="case.gsn.yaml", label="File name",
                             help_text="The module's file name (kept on export)")
    text = forms.CharField(label="gsn2x YAML", widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false",
                                                                             "class": "code"}),
                           help_text="Paste one gsn2x module; it is checked with gsn2x's codes before it is saved")


class BindForm(forms.Form):
    element = forms.ChoiceField(label="Solution", choices=[])
    kind = forms.ChoiceField(label="Evidence", choices=[(k.value, KIND_LABELS[k]) for k in EvidenceKind])
    commitment = forms.TypedChoiceField(label="Red line or risk threshold", required=False, coerce=int,
                                        empty_value=None, choices=[])
    safeguard = forms.CharField(max_length=200, required=False, help_text="For a safeguard test: its name")
    decision = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])
    protocol = forms.TypedChoiceField(label="De-deployment protocol", required=False, coerce=int,
                                      empty_value=None, choices=[])
    modification = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text="For a decision to modify: the modification that was made")

    def __init__(self, *args, solutions=(), commitments=(), decisions=(), protocols=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = [(e.id, f"{e.id}: {(e.text or '')[:80]}") for e in solutions]
        self.fields["commitment"].choices = [("", "—")] + [
            (c.pk, f"{c.get_kind_display()}: {c.name}") for c in commitments]
        self.fields["decision"].choices = [("", "—")] + [
            (d.pk, f"{d.created_at:%Y-%m-%d} {d.outcome} {d.mode}") for d in decisions]
        self.fields["protocol"].choices = [("", "—")] + [(p.pk, p.name) for p in protocols]


class AssessForm(forms.Form):
    verdict = forms.ChoiceField(choices=[(v.value, v.value.replace("_", " ")) for v in AssessmentVerdict],
                                widget=forms.RadioSelect)
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    element_reasons = forms.CharField(
        required=False, label="Reasons per element", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, 'ELEMENT: why', where you disagree with the argument (required to reject)")
    conditions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="One per line (only with 'accepted with conditions')")
    signature = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Base64 signature from `redline reviewer sign assessment.json --key key.pem` over the document "
                  "you download below. Leave empty only if your key is server-held (demo): the server then signs.")


class MetForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="How it was met")
