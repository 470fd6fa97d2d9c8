"""The public report form and the small forms of the case pages."""

from __future__ import annotations

from django import forms

from redline.accounts.models import Organisation
from redline.core.disclosure.clocks import Severity
from redline.core.formats.neutral import ReportKind
from redline.disclosure.intake import LIST_LIMITS, TEXT_LIMITS, Submission, too_long
from redline.disclosure.models import WITHHOLDABLE, Sensitivity
from redline.http.widgets import ListField, RepeatedInput

#: Suggested harm types and stakeholders (the reporter may write others).
HARM_TYPES = ("physical harm", "psychological harm", "financial loss", "privacy violation", "discrimination",
              "misinformation or manipulation", "security compromise", "harm to children", "reputational harm",
              "harm to critical infrastructure", "harm to civil or political rights", "environmental harm")
STAKEHOLDERS = ("users of the model", "people named or depicted in outputs", "children", "third parties",
                "developers building on the model", "downstream deployers", "targeted groups", "the general public",
                "critical infrastructure operators")
#: The most suggestions one list offers (the page carries them all).
MAX_SUGGESTIONS = 500


def suggestions_for(user) -> dict[str, list[tuple[str, str]]]:
    """Datalist options per field: models and developers ``user`` may see, CUE entries, common harms."""
    from redline.accounts.policy import visible_filter
    from redline.enumeration.models import CueEntry
    from redline.registry.models import AIModel

    models = (AIModel.objects.filter(visible_filter(user)).select_related("organisation")
              .order_by("organisation__slug", "slug")[:MAX_SUGGESTIONS])
    return {
        "models": [(m.full_slug, f"{m.name} ({m.organisation.name})") for m in models],
        "vendors": [(o.slug, o.name) for o in Organisation.objects.filter(kind="developer").order_by("slug")
                    [:MAX_SUGGESTIONS]],
        "cue_ids": [(c.pk, c.name) for c in CueEntry.objects.order_by("pk").only("pk", "name")[:MAX_SUGGESTIONS]],
        "harm_types": [(h, h) for h in HARM_TYPES],
        "affected_stakeholders": [(h, h) for h in STAKEHOLDERS],
    }


def _text(name: str, rows: int | None = None, **kw) -> forms.CharField:
    """A text field with the intake limit in its help; long ones are checked by the form, not cut by the browser."""
    limit = TEXT_LIMITS[name]
    if rows is None:  # one line: the browser stops at the limit, which the user sees
        return forms.CharField(widget=forms.TextInput(attrs={"maxlength": limit}), **kw)
    help_text = kw.pop("help_text", "")
    help_text = f"{help_text} At most {limit:,} characters.".strip()
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text, **kw)


def _list(name: str, *, label: str, help_text: str, item: str, slots: int = 2, lines_only: bool = False,
          upper: bool = False) -> ListField:
    most, longest = LIST_LIMITS[name]
    if lines_only:
        widget = forms.Textarea(attrs={"rows": 3})
    else:
        widget = RepeatedInput(slots=slots, item_label=item)
    return ListField(max_items=most, max_length=longest, commas=not lines_only, upper=upper, label=label,
                     help_text=f"{help_text} At most {most} entries.", widget=widget)


class ReportForm(forms.Form):
    """What anyone, signed in or not, submits; conditional questions are shown when their box is ticked.

    List fields take several entries: the repeated inputs suggest names from the registry and the CUE
    (``suggestions``, from :func:`suggestions_for`) and take comma-separated entries too; the boxes for
    free text take one entry per line. The limits are intake's (``TEXT_LIMITS``, ``LIST_LIMITS``).
    """

    kind = forms.ChoiceField(choices=[(k.value, k.value.capitalize()) for k in ReportKind])
    title = _text("title", help_text="One line that names the flaw.")
    description = _text("description", rows=5)
    models = _list("models", label="Affected models", item="Affected model", slots=3,
                   help_text="As organisation/model, e.g. aurora-labs/aurora-2; start typing for suggestions. "
                             "One per box, or several separated by commas. Their developers are told.")
    vendors = _list("vendors", label="Other affected developers", item="Other affected developer",
                    help_text="Organisation slugs, for a flaw that transfers to developers whose models are not "
                              "in the registry (one per box, or separated by commas).")
    other_systems = _list("affected_systems", label="Systems not in the registry", item="System", lines_only=True,
                          help_text="One per line: vendor / model / version.")
    expected_behaviour = _text("expected_behaviour", rows=2, required=False)
    actual_behaviour = _text("actual_behaviour", rows=2, required=False)
    policy_violated = _text("policy_violated", rows=2, required=False,
                            help_text="Which policy or scope claim this departs from.")
    reproduction = _text("reproduction", rows=4, required=False,
                         help_text="Shared with the affected developers and coordinators only; never published.")
    cue_ids = _list("cue_ids", label="CUE entries", item="CUE entry", upper=True,
                    help_text="Common Use Enumeration IDs, e.g. CUE-0001 (one per box, or separated by commas).")
    severity = forms.ChoiceField(choices=[(s.value, s.value.capitalize()) for s in Severity], initial="medium")
    prevalence = _text("prevalence", required=False, help_text="e.g. 9 of 10 attempts.")
    harm_types = _list("harm_types", label="Harm types", item="Harm type",
                       help_text="e.g. physical harm, privacy violation (one per box, or separated by commas).")
    affected_stakeholders = _list("affected_stakeholders", label="Affected stakeholders", item="Stakeholder",
                                  help_text="Who is harmed, e.g. children, third parties.")
    credits = _list("credits", label="Credits", item="Credit", lines_only=True,
                    help_text="How you want to be credited, one name per line.")
    references = _list("references", label="References", item="Reference", lines_only=True,
                       help_text="Web addresses about the flaw (papers, posts, issues), one per line; a label may "
                                 "follow the address after a space.")
    real_world_harm = forms.BooleanField(required=False, label="Has real-world harm happened?")
    malicious_use = forms.BooleanField(required=False, label="Have you seen malicious use of this?")
    csam_path = forms.BooleanField(required=False, label="Does this involve child sexual abuse material?",
                                   help_text="If ticked, do not include the material or a way to reproduce it: "
                                             "the report goes to coordinators only and is never published.")
    restricted_fields = forms.MultipleChoiceField(
        required=False, choices=[(f, f.replace("_", " ")) for f in WITHHOLDABLE], widget=forms.CheckboxSelectMultiple,
        label="Keep these fields off the public advisory")
    reporter_email = forms.EmailField(required=False, label="Your e-mail (optional)",
                                      widget=forms.EmailInput(attrs={"maxlength": TEXT_LIMITS["reporter_email"]}),
                                      help_text="Only for notifications; never published.")
    attachment = forms.FileField(required=False, help_text="Evidence (txt, csv, json, jsonl, pdf, png, jpg, log, "
                                                           "zip, md; up to 10 MB).")
    attachment_sensitivity = forms.ChoiceField(choices=Sensitivity.choices, initial=Sensitivity.RESTRICTED)
    accept_terms = forms.BooleanField(label="I accept the safe-harbor terms shown above")

    def __init__(self, *args, suggestions: dict[str, list[tuple[str, str]]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in (suggestions or {}).items():
            widget = self.fields[name].widget
            if isinstance(widget, RepeatedInput):
                widget.suggestions = options

    def clean(self):
        data = super().clean()
        for name, limit in TEXT_LIMITS.items():
            value = data.get(name)
            if name in self.fields and isinstance(value, str) and len(value) > limit:
                self.add_error(name, too_long(limit, len(value)))
        refs = []
        for line in data.get("references") or ():
            url, _, label = line.partition(" ")
            refs.append({"url": url, "label": label.strip()} if label.strip() else {"url": url})
        data["references"] = refs
        return data

    def submission(self, terms_version: str) -> Submission:
        d = self.cleaned_data
        systems = []
        for line in d["other_systems"]:
            parts = [p.strip() or None for p in line.split("/")] + [None, None]
            systems.append({"vendor": parts[0], "model": parts[1], "version": parts[2]})
        return Submission(
            title=d["title"], description=d["description"], kind=d["kind"], models=d["models"],
            vendors=d["vendors"], affected_systems=systems, expected_behaviour=d["expected_behaviour"],
            actual_behaviour=d["actual_behaviour"], policy_violated=d["policy_violated"],
            reproduction=d["reproduction"], cue_ids=d["cue_ids"],
            severity=d["severity"], prevalence=d["prevalence"], harm_types=d["harm_types"],
            affected_stakeholders=d["affected_stakeholders"], credits=d["credits"], references=d["references"],
            real_world_harm=d["real_world_harm"], malicious_use=d["malicious_use"], csam_path=d["csam_path"],
            reporter_email=d["reporter_email"], accepted_terms=terms_version if d["accept_terms"] else "",
            restricted_fields=list(d["restricted_fields"]),
        )


class MessageForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Message")
    audience = forms.ChoiceField(choices=[("case", "Reporter, vendor and coordinators"),
                                          ("internal", "Internal note (not shown to the reporter)")],
                                 required=False, initial="case")
