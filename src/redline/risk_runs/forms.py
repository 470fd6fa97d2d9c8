from django import forms


class RunForm(forms.Form):
    threshold_version = forms.ChoiceField(label="Risk threshold", required=False,
                                          help_text="Judge against an in-force threshold, or give N and p below")
    threshold = forms.FloatField(label="Harm level N", required=False, min_value=0)
    probability = forms.FloatField(label="Limit p", required=False, min_value=0, max_value=1)
    samples = forms.IntegerField(initial=200_000, min_value=1_000, max_value=5_000_000)
    seed = forms.IntegerField(initial=0, min_value=0)
    outer = forms.IntegerField(required=False, min_value=10, label="Outer (epistemic) draws",
                               help_text="With inner, runs two-level Monte Carlo for a credible interval")
    inner = forms.IntegerField(required=False, min_value=100, label="Inner (aleatory) draws")

    def __init__(self, *args, thresholds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threshold_version"].choices = [("", "— none —")] + [
            (str(v.pk), f"{v.commitment.name} v{v.number}: P(≥ {v.spec.get('level_n')}) ≤ {v.spec.get('probability')}")
            for v in thresholds]

    def clean(self):
        data = super().clean()
        if not data.get("threshold_version") and not data.get("threshold"):
            self.add_error("threshold", "choose a risk threshold or give N")
        return data
