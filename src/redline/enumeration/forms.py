"""Forms for proposing CUE entries and edits, and for deciding proposals."""

from __future__ import annotations

from django import forms

from redline.core import cue as core
from redline.enumeration.models import EntryStatus
from redline.enumeration.services import catalogue

CODES_HELP = "Separate codes with spaces or commas."


class EntryForm(forms.Form):
    """The fields of a CUE entry, as proposed by a contributor."""

    name = forms.CharField(max_length=200)
    category = forms.ChoiceField()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text="What the misuse or harm is, at the level of a taxonomy — "
                                            "never how to carry it out. At least 60 characters.")
    threat_actors = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    harm_tiers = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    atlas = forms.CharField(label="MITRE ATLAS technique IDs", required=False,
                            help_text=f"e.g. AML.T0054. {CODES_HELP}")
    avid = forms.CharField(label="AVID SEP codes", required=False, help_text=f"e.g. S0403 P0402. {CODES_HELP}")
    owasp = forms.CharField(label="OWASP Top 10 for LLM Applications (2025) IDs", required=False,
                            help_text="e.g. LLM01:2025. " + CODES_HELP)
    aiid = forms.CharField(label="AI Incident Database (MIT risk subdomain) codes", required=False,
                           help_text="e.g. MIT:4.2. " + CODES_HELP)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                help_text="Why this entry or change is needed; sources welcome.")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # only an existing entry can be deprecated (or restored)
            self.fields["status"] = forms.ChoiceField(choices=EntryStatus.choices,
                                                      help_text="Deprecate an entry instead of deleting it.")
            self.order_fields([*(f for f in self.fields if f not in ("status", "rationale")), "status", "rationale"])
        cat = catalogue()
        self.fields["category"].choices = [("", "Choose a category"), *cat.categories.items()]
        self.fields["threat_actors"].choices = [(k, f"{k} — {v}") for k, v in cat.threat_actors.items()]
        self.fields["harm_tiers"].choices = [(k, f"{k} — {v}") for k, v in cat.harm_tiers.items()]
        self.fields["owasp"].help_text += " Known: " + ", ".join(core.OWASP_LLM_2025) + "."

    def entry_fields(self) -> dict:
        """The cleaned entry fields, without the rationale."""
        return {k: v for k, v in self.cleaned_data.items() if k != "rationale"}

    @staticmethod
    def initial_for(entry) -> dict:
        return {"name": entry.name, "category": entry.category, "description": entry.description,
                "threat_actors": entry.threat_actors, "harm_tiers": entry.harm_tiers,
                "atlas": " ".join(entry.atlas), "avid": " ".join(entry.avid), "owasp": " ".join(entry.owasp),
                "aiid": " ".join(entry.aiid), "status": entry.status}


class DecisionForm(forms.Form):
    """A maintainer's decision on an open proposal."""

    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             help_text="Shown publicly with the decision; required when rejecting.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "A rejection needs a reason.")
        return data
