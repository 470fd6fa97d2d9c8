"""Forms for the registry pages; services do the real validation."""

from __future__ import annotations

from django import forms

from redline.accounts.models import Organisation, OrgKind, Visibility
from redline.core.deployment import MODE_LABELS, DeploymentMode
from redline.http.forms import lines
from redline.http.widgets import DatePicker
from redline.registry.models import DeploymentStatus, Modality

MAX_CARD_BYTES = 512 * 1024


class ModelForm(forms.Form):
    name = forms.CharField(max_length=200)
    version = forms.CharField(max_length=50, required=False)
    base_model = forms.CharField(max_length=200, required=False, label="Base model")
    modality = forms.ChoiceField(choices=Modality.choices)
    licence = forms.CharField(max_length=100, required=False)
    parameter_count = forms.IntegerField(required=False, min_value=0, label="Parameter count")
    release_date = forms.DateField(required=False, label="Release date", widget=DatePicker(),
                                   help_text="The day the model was first made available outside the organisation")
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    links = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="One URL per line")
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PUBLIC)
    audiences = forms.MultipleChoiceField(choices=OrgKind.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text="Who may read a restricted model")

    def clean_links(self):
        out = []
        validator = forms.URLField(assume_scheme="https")
        for line in lines(self.cleaned_data["links"]):
            try:
                out.append({"rel": "related", "href": validator.clean(line)})
            except forms.ValidationError:
                raise forms.ValidationError(f"not a valid URL: {line}") from None
        return out

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Visibility.RESTRICTED and not data.get("audiences"):
            self.add_error("audiences", "choose at least one audience for a restricted model")
        return data


class NewModelForm(ModelForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    slug = forms.SlugField(required=False, help_text="Part of the address; made from the name when empty")
    field_order = ["organisation", "name", "slug"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations if organisations is not None else Organisation.objects.none()


class CardImportForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    card = forms.FileField(label="Model card (README.md)", help_text="A Hugging Face model card, at most 512 KiB")
    slug = forms.SlugField(required=False, help_text="Model slug; taken from the card's title when empty")

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations if organisations is not None else Organisation.objects.none()

    def clean_card(self):
        upload = self.cleaned_data["card"]
        if upload.size > MAX_CARD_BYTES:
            raise forms.ValidationError("the card is larger than 512 KiB")
        name = (upload.name or "").lower()
        if not name.endswith((".md", ".markdown", ".txt")):
            raise forms.ValidationError("upload a Markdown file (.md)")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("the card is not UTF-8 text") from None


class ScopeForm(forms.Form):
    intended_use = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Intended use")
    stated_limits = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Stated limits")
    claims = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text='One claim per line; end with "| 0.99" to give a rate, '
                                       'e.g. "Refuses requests for pathogen enhancement | 0.99"')

    def clean_claims(self):
        out = []
        for line in lines(self.cleaned_data["claims"]):
            text, sep, rate = line.rpartition("|") if "|" in line else (line, "", "")
            claim = {"claim": text.strip()}
            if sep:
                try:
                    value = float(rate)
                except ValueError:
                    raise forms.ValidationError(f"the rate after '|' must be a number: {line}") from None
                if not 0 <= value <= 1:
                    raise forms.ValidationError(f"the rate must be between 0 and 1: {line}")
                claim["rate"] = value
            out.append(claim)
        return out


class DeploymentForm(forms.Form):
    mode = forms.ChoiceField(choices=[(m.value, MODE_LABELS[m]) for m in DeploymentMode])
    channels = forms.CharField(required=False, help_text="Comma-separated, e.g. api, chat app")
    start_date = forms.DateField(required=False, label="Start date", widget=DatePicker(),
                                 help_text="The day this deployment began, or is planned to begin")
    status = forms.ChoiceField(choices=DeploymentStatus.choices)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_channels(self):
        return [c.strip() for c in self.cleaned_data["channels"].split(",") if c.strip()]


class InviteForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=[("member", "Member"), ("triager", "Triager"), ("admin", "Admin")])


class SupplyChainForm(forms.Form):
    """The supply chain (issue 16), shown to the organisation's admins on the model's edit page."""

    base_model_relation = forms.ChoiceField(required=False, label="Derived from the base model by",
                                            choices=[("", "—"), ("finetune", "fine-tuning"),
                                                     ("adapter", "an adapter"), ("merge", "merging"),
                                                     ("quantized", "quantizing"), ("distillation", "distillation")])
    weights_sha256 = forms.CharField(required=False, max_length=64, label="SHA-256 of the released weights")
    data_origins = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Data origins",
                                   help_text="One per line: name | kind | address | size. Kind: web crawl, public "
                                             "dataset, licensed, user data, human-generated or synthetic")
    architecture = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    key_algorithms = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Key algorithms")
    training_stages = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                      label="Training stages", help_text="One stage per line, in order")
    components = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 label="Model components", help_text="One per line, e.g. tokenizer, weights")
    third_party_components = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                             label="Third-party components",
                                             help_text="One per line: name | version | licence | address")
    crawler_name = forms.CharField(required=False, max_length=200, label="Web crawler's name")
    crawler_opt_out_url = forms.URLField(required=False, assume_scheme="https", label="Crawler opt-out address")
    training_flop = forms.FloatField(required=False, min_value=0, label="Training compute (FLOP)")
    hardware = forms.CharField(required=False, max_length=2000, label="Training hardware")
    provider = forms.CharField(required=False, max_length=2000, label="Compute provider")
    training_days = forms.FloatField(required=False, min_value=0, label="Training time (days)")
    measurement = forms.CharField(required=False, max_length=2000, label="How compute was measured")
    energy_mwh = forms.FloatField(required=False, min_value=0, label="Training energy (MWh)")
    energy_measurement = forms.CharField(required=False, max_length=2000, label="How energy was measured")

    ROW_KEYS = {"data_origins": ("name", "kind", "url", "size"),
                "third_party_components": ("name", "version", "licence", "url")}
    COMPUTE = ("training_flop", "hardware", "provider", "training_days", "measurement", "energy_mwh",
               "energy_measurement")

    @classmethod
    def initial_for(cls, model) -> dict:
        from redline.registry.supply_chain import format_rows

        initial = {"base_model_relation": model.base_model_relation, "weights_sha256": model.weights_sha256,
                   "architecture": model.architecture, "key_algorithms": model.key_algorithms,
                   "training_stages": "\n".join(model.training_stages), "components": "\n".join(model.components),
                   "crawler_name": model.crawler.get("name", ""),
                   "crawler_opt_out_url": model.crawler.get("opt_out_url", "")}
        for key, keys in cls.ROW_KEYS.items():
            initial[key] = format_rows(getattr(model, key), keys)
        initial.update({k: model.compute.get(k) for k in cls.COMPUTE})
        return initial

    def fields_for_service(self) -> dict:
        """The cleaned data in the service's shape (rows parsed; InvalidInput names the field)."""
        from redline.registry.supply_chain import parse_rows

        d = self.cleaned_data
        out = {k: d[k] for k in ("base_model_relation", "weights_sha256", "architecture", "key_algorithms")}
        out["training_stages"] = lines(d["training_stages"])
        out["components"] = lines(d["components"])
        for key, keys in self.ROW_KEYS.items():
            out[key] = parse_rows(d[key], keys, field=key)
        out["crawler"] = {"name": d["crawler_name"], "opt_out_url": d["crawler_opt_out_url"]}
        out["compute"] = {k: d[k] for k in self.COMPUTE if d[k] not in (None, "")}
        return out
