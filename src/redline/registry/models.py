"""AI models, their versioned scope statements, and deployments."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from redline.accounts.models import Organisation, User, Visibility
from redline.core.deployment import MODE_LABELS, DeploymentMode
from redline.ledger.models import Recorded


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    MULTIMODAL = "multimodal", "Multimodal"
    CODE = "code", "Code"
    BIOLOGICAL = "biological", "Biological sequences"
    OTHER = "other", "Other"


class AIModelQuerySet(models.QuerySet):
    def listed(self) -> AIModelQuerySet:
        """For lists: the imported card's text and data (up to megabytes per row) stay in the database."""
        return self.defer(*AIModel.LARGE_FIELDS)


class AIModel(Recorded):
    """A registered AI model version, owned by an organisation."""

    #: Columns that lists never load (:meth:`AIModelQuerySet.listed`); a detail page reads them.
    LARGE_FIELDS = ("card_raw", "card_data")
    #: The supply-chain fields (:mod:`redline.registry.supply_chain`).
    SUPPLY_CHAIN_FIELDS = ("base_model_relation", "weights_sha256", "data_origins", "architecture", "key_algorithms",
                           "training_stages", "third_party_components", "crawler", "components", "compute")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="models")
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=50, blank=True)
    base_model = models.CharField(max_length=200, blank=True)
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.TEXT)
    licence = models.CharField(max_length=100, blank=True)
    parameter_count = models.PositiveBigIntegerField(null=True, blank=True)
    release_date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    links = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC)
    audiences = models.JSONField(default=list, blank=True, help_text="Organisation kinds that may read a restricted model")
    card_raw = models.TextField(blank=True, help_text="The Hugging Face model card as imported")
    card_data = models.JSONField(default=dict, blank=True)
    card_sha256 = models.CharField(max_length=64, blank=True)
    # Supply chain (issue 16): what the transparency report, the FMTI crosswalk and the EU form read;
    # the shapes are checked by redline.registry.supply_chain, and only the organisation's admins write them.
    base_model_relation = models.CharField(max_length=20, blank=True,
                                           help_text="How it derives from the base model: finetune, adapter, "
                                                     "merge, quantized or distillation")
    weights_sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the released weights")
    data_origins = models.JSONField(default=list, blank=True,
                                    help_text='[{"name", "kind", "url", "size"}]; kind: web crawl, public dataset, '
                                              'licensed, user data, human-generated or synthetic')
    architecture = models.TextField(blank=True)
    key_algorithms = models.TextField(blank=True)
    training_stages = models.JSONField(default=list, blank=True, help_text="Every stage in order, as text")
    third_party_components = models.JSONField(default=list, blank=True,
                                              help_text='[{"name", "version", "licence", "url"}]')
    crawler = models.JSONField(default=dict, blank=True, help_text='{"name", "opt_out_url"}')
    components = models.JSONField(default=list, blank=True, help_text="Model components, e.g. tokenizer, weights")
    compute = models.JSONField(default=dict, blank=True,
                               help_text='{"training_flop", "hardware", "provider", "energy_mwh", "training_days", '
                                         '"measurement", "energy_measurement"}')
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AIModelQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="model_slug_per_org")]
        verbose_name = "AI model"

    def __str__(self) -> str:
        return f"{self.organisation.slug}/{self.slug}"

    @property
    def full_slug(self) -> str:
        return f"{self.organisation.slug}/{self.slug}"

    def get_absolute_url(self) -> str:
        return reverse("registry:model", args=[self.organisation.slug, self.slug])


class ScopeStatement(Recorded):
    """One version of a model's scope: intended use, stated limits, claims. Never edited in place."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="scope_statements")
    version = models.PositiveIntegerField()
    intended_use = models.TextField()
    stated_limits = models.TextField(blank=True)
    claims = models.JSONField(default=list, blank=True,
                              help_text='e.g. [{"claim": "refuses bioweapon synthesis requests", "rate": 0.99}]')
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "-version"]
        constraints = [models.UniqueConstraint(fields=["model", "version"], name="scope_version_per_model")]


class DeploymentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Deployment(Recorded):
    """A way a model reaches users; ``mode`` carries the reversibility ranking."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="deployments")
    mode = models.CharField(max_length=24, choices=[(m.value, MODE_LABELS[m]) for m in DeploymentMode])
    channels = models.JSONField(default=list, blank=True, help_text='e.g. ["api", "chat app", "Hugging Face Hub"]')
    start_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=DeploymentStatus.choices, default=DeploymentStatus.PLANNED)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "mode"]

    @property
    def mode_enum(self) -> DeploymentMode:
        return DeploymentMode(self.mode)

    @property
    def reversibility_rank(self) -> int:
        return self.mode_enum.rank

