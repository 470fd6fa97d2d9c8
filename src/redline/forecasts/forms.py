"""HTML forms of the forecasts app: a new question, a forecast, a coordinator's resolution, a handle."""

from __future__ import annotations

from django import forms

from redline.core.forecasts import AnnulReason

_DT = {"type": "datetime-local"}


class QuestionForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. Will Aurora 2 reach 50% on the cyber CTF?")
    criteria = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Resolution criteria",
                               help_text="In words: which evaluation counts, and what resolves it")
    kind = forms.ChoiceField(choices=[("binary", "binary: will the metric reach a threshold?"),
                                      ("numeric", "numeric: what value will the metric take?")])
    model = forms.ChoiceField(required=False, label="Model", help_text="A registered model…")
    next_model_of = forms.ChoiceField(required=False, label="…or the next model of",
                                      help_text="The first model this organisation registers after the question opens")
    task = forms.CharField(max_length=200, help_text="The evaluation task, as the evidence names it")
    metric = forms.CharField(max_length=100, initial="accuracy")
    scorer = forms.CharField(max_length=200, required=False, help_text="Optional; only evidence from this scorer counts")
    direction = forms.ChoiceField(choices=[("ge", "at least (≥)"), ("le", "at most (≤)")], required=False,
                                  help_text="Binary questions")
    threshold = forms.FloatField(required=False, help_text="Binary questions: the value to reach")
    opens_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs=_DT), label="Opens")
    closes_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs=_DT), label="Closes",
                                    help_text="Forecasting ends then")
    resolve_by = forms.DateTimeField(widget=forms.DateTimeInput(attrs=_DT), label="Resolve by",
                                     help_text="Annulled when no matching evaluation was run by then")
    organisation = forms.ChoiceField(required=False, help_text="Post as a question of one of your organisations")
    visibility = forms.ChoiceField(choices=[("public", "public"),
                                            ("org", "organisation only, until the public-after date")])
    public_after = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs=_DT),
                                       help_text="Organisation-only questions become public then")
    red_line = forms.ChoiceField(required=False, label="Red line",
                                 help_text="Link the question to a red line it asks about")
    forecasts_hidden = forms.BooleanField(required=False, initial=True,
                                          label="Hide forecasts from others until the question closes")
    open_now = forms.BooleanField(required=False, initial=True, label="Open for forecasting now")

    def __init__(self, *args, models=(), orgs=(), developer_orgs=(), red_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "—")] + [(m.full_slug, f"{m.name} ({m.full_slug})") for m in models]
        self.fields["next_model_of"].choices = [("", "—")] + [(o.slug, o.name) for o in developer_orgs]
        self.fields["organisation"].choices = [("", "none (a personal question)")] + [(o.slug, o.name) for o in orgs]
        self.fields["red_line"].choices = [("", "—")] + [(str(c.pk), f"{c.model.full_slug}: {c.name}")
                                                         for c in red_lines]


class ForecastForm(forms.Form):
    probability = forms.CharField(required=False, max_length=20, label="Probability of yes",
                                  help_text="Strictly between 0 and 1 (e.g. 0.7), or a percentage (70%)")
    quantiles = forms.CharField(required=False, max_length=500,
                                help_text="At least three 'level: value' pairs, e.g. 0.05: 0.1, 0.5: 0.3, 0.95: 0.6")
    as_org = forms.ChoiceField(required=False, label="Forecast as",
                               help_text="Yourself, or an organisation you administer (its official prediction)")

    def __init__(self, *args, kind="binary", orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("quantiles" if kind == "binary" else "probability")
        if orgs:
            self.fields["as_org"].choices = [("", "myself")] + [(o.slug, o.name) for o in orgs]
        else:
            self.fields.pop("as_org")


class ResolveForm(forms.Form):
    outcome = forms.CharField(max_length=40, help_text="yes or no (binary), or the value (numeric)")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason", max_length=2000)


class AnnulForm(forms.Form):
    annul_reason = forms.ChoiceField(label="Reason", choices=[(r.value, r.value.replace("_", " ")) for r in AnnulReason])
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Explanation", max_length=2000)


class ReverseForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why reverse", max_length=2000)


class HandleForm(forms.Form):
    handle = forms.CharField(max_length=60, help_text="Shown on track records and in exports instead of your e-mail")
