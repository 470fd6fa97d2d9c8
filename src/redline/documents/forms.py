"""Forms: a document (its fields and a formset of sections), requesting a review, and the review itself.

The editor works without JavaScript: a formset of sections with two empty ones to fill, and an
"Add a section" button that redisplays the form with one more. Every error redisplays what was
typed; nothing is lost.
"""

from __future__ import annotations

from django import forms

from redline.core.documents import (
    AUDIENCE_LABELS,
    KIND_LABELS,
    QUESTIONS,
    Audience,
    Claim,
    ClaimStatus,
    Decision,
    DocumentKind,
    Readership,
    Restriction,
    RestrictionReason,
    Section,
)
from redline.core.errors import InvalidInput

AUDIENCE_CHOICES = [(a.value, AUDIENCE_LABELS[a]) for a in Audience]
REASON_CHOICES = [("", "— public section —")] + [(r.value, r.label) for r in RestrictionReason]
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in DocumentKind]
CLAIM_HELP = ("One claim per line: practice | status | statement | evidence links (space-separated) | reason. "
              "Status: " + ", ".join(s.value for s in ClaimStatus) + ". Done and partial need evidence links; "
              "planned and not yet feasible need a reason.")


def _slugs(text: str) -> list[str]:
    return [s.strip() for s in (text or "").replace("\n", ",").split(",") if s.strip()]


def readership(audiences: list[str], organisations: str) -> Readership:
    """The readership of the ticked audiences (none ticked: public) and the named organisations' slugs."""
    orgs = _slugs(organisations)
    chosen = list(audiences) or ["public"]
    if orgs and "named" not in chosen:
        chosen.append("named")
    if "public" in chosen and len(chosen) > 1:
        chosen.remove("public")
    return Readership.of(*chosen, organisations=orgs)


def parse_claims(text: str) -> tuple[Claim, ...]:
    """Claims from the editor's lines (see :data:`CLAIM_HELP`); InvalidInput names the line."""
    out = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            raise InvalidInput("claims", f"line {number}: write practice | status | statement | evidence | reason")
        parts += [""] * (5 - len(parts))
        practice, status, statement, evidence, reason = parts[:5]
        try:
            out.append(Claim(practice, statement, status.lower().replace(" ", "_"), tuple(evidence.split()), reason))
        except InvalidInput as exc:
            raise InvalidInput("claims", f"line {number}: {exc}") from None
    return tuple(out)


def claims_text(claims) -> str:
    """The editor's lines for stored claims (the inverse of :func:`parse_claims`)."""
    return "\n".join(" | ".join([c["practice"], c["status"], c["statement"], " ".join(c.get("evidence") or []),
                                 c.get("reason", "")]).rstrip(" |") for c in claims)


class DocumentForm(forms.Form):
    organisation = forms.ChoiceField(choices=[], help_text="The organisation the document belongs to")
    kind = forms.ChoiceField(choices=KIND_CHOICES, initial=DocumentKind.OTHER.value)
    title = forms.CharField(max_length=300)
    recommended = forms.MultipleChoiceField(
        label="Recommended audiences", choices=AUDIENCE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Who should receive this document (none ticked: the public)")
    recommended_organisations = forms.CharField(
        label="Recommended named organisations", required=False, max_length=500,
        help_text="Slugs, comma-separated, when you recommend named organisations")
    rationale = forms.CharField(label="Why these audiences", widget=forms.Textarea(attrs={"rows": 2}),
                                max_length=2000, initial="Public by default: nothing in it needs restricting.")
    model = forms.CharField(required=False, max_length=160, help_text="Optional: the model it is about (its slug)")
    incident = forms.IntegerField(required=False, min_value=1, help_text="Optional: the incident number it reports on")
    note = forms.CharField(required=False, max_length=300, label="What changed",
                           help_text="Optional: a line for the version history")

    def __init__(self, *args, organisations=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.slug, o.name) for o in organisations]
        if editing:
            for name in ("organisation", "kind", "model", "incident"):
                del self.fields[name]


class SectionForm(forms.Form):
    title = forms.CharField(max_length=300, required=False)
    key = forms.SlugField(max_length=64, required=False,
                          help_text="Stable across versions; made from the title when left empty")
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=200_000,
                           label="Text (Markdown)")
    audiences = forms.MultipleChoiceField(choices=AUDIENCE_CHOICES, required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text="Public unless you tick other audiences")
    organisations = forms.CharField(label="Named organisations", required=False, max_length=500,
                                    help_text="Slugs, comma-separated (with 'named organisations')")
    reason = forms.ChoiceField(label="Restriction reason", choices=REASON_CHOICES, required=False,
                               help_text="Required when the section is not public")
    detail = forms.CharField(label="Reason in words", required=False, max_length=300)
    claims = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=CLAIM_HELP)
    DELETE = forms.BooleanField(required=False, label="Remove this section")

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("title") or data.get("body") or data.get("claims"))

    def clean(self):
        data = super().clean()
        if self.errors or not (data.get("title") or data.get("body") or data.get("claims")):
            return data
        if not data.get("title"):
            self.add_error("title", "give the section a title")
            return data
        try:
            reader = readership(data.get("audiences") or [], data.get("organisations", ""))
        except InvalidInput as exc:
            self.add_error("audiences", exc.message)
            return data
        if not reader.public and not data.get("reason"):
            self.add_error("reason", "a restricted section needs a reason from the list")
            return data
        try:
            claims = parse_claims(data.get("claims", ""))
        except InvalidInput as exc:
            self.add_error("claims", exc.message)
            return data
        from django.utils.text import slugify

        key = data.get("key") or slugify(data["title"])[:64] or "section"
        try:
            restriction = None if reader.public else Restriction(data["reason"], data.get("detail", ""))
            data["section"] = Section(key, data["title"], data.get("body", ""), reader, restriction, claims)
        except InvalidInput as exc:
            self.add_error(None, str(exc))
        return data


SectionFormSet = forms.formset_factory(SectionForm, extra=2, can_delete=False, max_num=100, absolute_max=120)


def section_initial(section: dict) -> dict:
    """A stored section (``Section.as_dict()``) as the editor's initial values."""
    audiences = [a for a in section.get("audiences", []) if a != "public"]
    restriction = section.get("restriction") or {}
    return {"title": section["title"], "key": section["key"], "body": section.get("body", ""),
            "audiences": audiences, "organisations": ", ".join(section.get("organisations", [])),
            "reason": restriction.get("reason", ""), "detail": restriction.get("detail", ""),
            "claims": claims_text(section.get("claims", []))}


class RequestReviewForm(forms.Form):
    reviewer_kind = forms.ChoiceField(
        label="Reviewer", widget=forms.RadioSelect, initial="own",
        choices=[("own", "A triager or admin of my organisation"),
                 ("independent", "An independent reviewer organisation")])
    reviewer_org = forms.ChoiceField(label="Independent reviewer organisation", required=False, choices=[])

    def __init__(self, *args, reviewer_orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer_org"].choices = [("", "any independent reviewer organisation")] + [
            (o.slug, o.name) for o in reviewer_orgs]


class ReviewForm(forms.Form):
    """The checklist (each a yes/no), the decision, restrictions (one line per section) and the rationale."""

    decision = forms.ChoiceField(choices=[(d.value, d.value) for d in Decision] + [("return", "return to the author")],
                                 widget=forms.RadioSelect)
    restrictions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="With 'restrict': one line per section, 'key | audiences | reason | words', e.g. "
                  "'method | regulators reviewers | exploit_detail | working steps'")
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                                help_text="Required to restrict, withhold or return")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                            label="Notes on the checklist")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(label=question, choices=[("no", "No"), ("yes", "Yes")],
                                                  widget=forms.RadioSelect)
        order = [*QUESTIONS, "notes", "decision", "restrictions", "rationale"]
        self.order_fields(order)

    def checklist(self) -> dict:
        data = self.cleaned_data
        return {**{q: data[q] == "yes" for q in QUESTIONS}, "notes": data.get("notes", "")}

    def parsed_restrictions(self) -> list[dict]:
        out = []
        for number, line in enumerate((self.cleaned_data.get("restrictions") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", "", ""]
            key, audiences, reason, detail = parts[:4]
            names = audiences.split()
            if not key or not names or not reason:
                raise InvalidInput("restrictions", f"line {number}: write key | audiences | reason | words")
            orgs = [n.split(":", 1)[1] for n in names if n.startswith("named:")]
            kinds = [n for n in names if not n.startswith("named:")] + (["named"] if orgs else [])
            out.append({"key": key, "audiences": kinds, "organisations": orgs, "reason": reason, "detail": detail})
        return out
