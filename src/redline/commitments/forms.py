"""Forms for threat profiles, commitments, comments, approvals and reviewer keys."""

from __future__ import annotations

from django import forms

from redline.core.commitments import PeriodUnit
from redline.core.evidence import ElicitationLevel
from redline.core.verdict import CommittedAction, InconclusivePolicy


def _choices(enum) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ")) for m in enum]


class ThreatProfileForm(forms.Form):
    cue_id = forms.CharField(label="CUE entry (e.g. CUE-0001)", required=False, max_length=12)
    category = forms.CharField(max_length=120, required=False, help_text="Free category when no CUE entry fits")
    threat_actor = forms.CharField(max_length=200)
    pathway = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    impact_scale = forms.CharField(label="Scale of harm", widget=forms.Textarea(attrs={"rows": 2}))
    attempt_frequency = forms.CharField(label="Frequency or probability of attempts", max_length=200)
    uplift = forms.CharField(label="Uplift over alternatives", widget=forms.Textarea(attrs={"rows": 2}))
    risk_model_yaml = forms.CharField(label="Risk model (YAML, optional)", required=False,
                                      widget=forms.Textarea(attrs={"rows": 6}))


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(choices=[("red_line", "Red line"), ("risk_threshold", "Risk threshold")])
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required_approvals = forms.IntegerField(min_value=1, max_value=9, initial=2)
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    requires_safety_case = forms.BooleanField(
        required=False, label="Requires an independently assessed safety case",
        help_text="For the most severe risks: the gate then refuses a deployment without an accepted case "
                  "that has no gaps")
    # red line
    task = forms.CharField(required=False, max_length=200)
    metric = forms.CharField(required=False, max_length=100, initial="accuracy")
    scorer = forms.CharField(required=False, max_length=200)
    threshold = forms.FloatField(required=False)
    direction = forms.ChoiceField(choices=[("ge", "≥ (higher is worse)"), ("le", "≤ (lower is worse)")],
                                  initial="ge")
    alert = forms.FloatField(required=False, help_text="Alert threshold: the interval must clear this")
    min_samples = forms.IntegerField(required=False, min_value=0, initial=100)
    min_elicitation = forms.ChoiceField(choices=_choices(ElicitationLevel), initial="moderate")
    max_unscored = forms.FloatField(required=False, min_value=0, max_value=1, initial=0.05)
    validity_days = forms.IntegerField(required=False, min_value=1, initial=365)
    inconclusive_policy = forms.ChoiceField(choices=_choices(InconclusivePolicy))
    action = forms.ChoiceField(choices=_choices(CommittedAction), label="Committed action when crossed")
    safeguards = forms.CharField(required=False, help_text="Safeguards that must pass (one per line)",
                                 widget=forms.Textarea(attrs={"rows": 2}))
    # risk threshold
    harm_measure = forms.CharField(required=False, max_length=120, initial="fatalities")
    level_n = forms.FloatField(required=False, label="Level N")
    probability = forms.FloatField(required=False, label="Probability p")
    period = forms.FloatField(required=False, initial=1)
    period_unit = forms.ChoiceField(choices=_choices(PeriodUnit), initial="year")
    fn_c = forms.FloatField(required=False, label="F-N line C")
    fn_alpha = forms.FloatField(required=False, label="F-N line α")
    tier = forms.CharField(required=False, max_length=60)
    threat_profile = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threat_profile"].choices = [("", "—")] + [(p.pk, str(p)) for p in profiles]


class CommentForm(forms.Form):
    body = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    author_name = forms.CharField(label="Name to show (optional)", required=False, max_length=120)


class HideForm(forms.Form):
    reason = forms.CharField(max_length=300)


class ApprovalForm(forms.Form):
    signature = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Base64 signature from `redline reviewer sign spec.json --key key.pem`. Leave empty only if "
                  "your key is server-held (demo): the server then signs for you.")


class KeyForm(forms.Form):
    public_key = forms.CharField(help_text="The base64 line printed by `redline reviewer keygen`", max_length=200)


class ProposeForm(forms.Form):
    comment_days = forms.IntegerField(min_value=0, max_value=365, initial=30,
                                      label="Public comment period (days)")
