"""API: models, scope statements, deployments and model-card import."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from redline.accounts.api_auth import caller, require_write
from redline.accounts.models import Organisation
from redline.accounts.policy import visible_filter
from redline.http.pagination import Mapped, Page
from redline.registry import pages, services
from redline.registry.lookups import visible_model
from redline.registry.models import AIModel
from redline.registry.serializers import deployment_dict, model_detail, model_summary, scope_dict

router = Router(tags=["models"])


class DocSchema(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)


class ModelOut(DocSchema):
    id: str
    """``organisation/slug``."""
    organisation: str
    slug: str
    name: str
    version: str
    modality: str
    licence: str
    visibility: str
    """public, org or restricted."""
    url: str


class ScopeOut(DocSchema):
    version: int
    intended_use: str
    stated_limits: str
    claims: list[dict]
    created_at: str | None


class DeploymentOut(DocSchema):
    id: int
    mode: str
    """internal < hosted_api < api_fine_tuning < gated_open_weights < open_weights (reversibility order)."""
    mode_label: str
    reversibility_rank: int
    channels: list[str]
    start_date: str | None
    status: str
    notes: str


class ModelDetailOut(ModelOut):
    base_model: str
    parameter_count: int | None
    release_date: str | None
    summary: str
    links: list[dict]
    tags: list[str]
    audiences: list[str]
    card: dict
    scope_statements: list[ScopeOut]
    deployments: list[DeploymentOut]
    created_at: str | None
    updated_at: str | None
    supply_chain: dict
    """Data origins, architecture, key algorithms, stages, components, crawler and compute (issue 16)."""


class ModelIn(DocSchema):
    organisation: str
    """Slug of the owning organisation; you must be a member."""
    name: str = Field(min_length=1, max_length=200)
    slug: str = ""
    version: str = ""
    base_model: str = ""
    modality: str = "text"
    licence: str = ""
    parameter_count: int | None = Field(default=None, ge=0)
    release_date: dt.date | None = None
    summary: str = ""
    links: list[dict] = []
    tags: list[str] = []
    visibility: str = "public"
    audiences: list[str] = []


class ModelPatch(DocSchema):
    name: str | None = None
    version: str | None = None
    base_model: str | None = None
    modality: str | None = None
    licence: str | None = None
    parameter_count: int | None = Field(default=None, ge=0)
    release_date: dt.date | None = None
    summary: str | None = None
    visibility: str | None = None
    audiences: list[str] | None = None
    base_model_relation: str | None = None
    """Supply chain (this and what follows): the organisation's admins only. finetune, adapter, merge, quantized
    or distillation."""
    weights_sha256: str | None = None
    data_origins: list[dict] | None = None
    """``[{"name", "kind", "url", "size"}]``; kind: web crawl, public dataset, licensed, user data,
    human-generated or synthetic."""
    architecture: str | None = None
    key_algorithms: str | None = None
    training_stages: list[str] | None = None
    third_party_components: list[dict] | None = None
    """``[{"name", "version", "licence", "url"}]``."""
    crawler: dict | None = None
    """``{"name", "opt_out_url"}``."""
    components: list[str] | None = None
    compute: dict | None = None
    """``{"training_flop", "hardware", "provider", "energy_mwh", "training_days", "measurement",
    "energy_measurement"}``."""


class ScopeIn(DocSchema):
    intended_use: str = Field(min_length=1)
    stated_limits: str = ""
    claims: list[dict] = []
    """e.g. ``[{"claim": "refuses X", "rate": 0.99}]``."""


class DeploymentIn(DocSchema):
    mode: str
    channels: list[str] = []
    start_date: dt.date | None = None
    status: str = "planned"
    notes: str = ""


class CardIn(DocSchema):
    organisation: str
    card: str = Field(min_length=1, max_length=512 * 1024)
    """The model card's Markdown text."""
    slug: str = ""


class CardOut(DocSchema):
    model: ModelDetailOut
    created: bool
    warnings: list[str]


@router.get("/models", response=list[ModelOut], summary="List models you may see")
@paginate(Page)
def list_models(request, org: str | None = None, modality: str | None = None, licence: str | None = None,
                q: str | None = None):
    models = AIModel.objects.filter(visible_filter(caller(request))).select_related("organisation").listed()
    if org:
        models = models.filter(organisation__slug=org)
    if modality:
        models = models.filter(modality=modality)
    if licence:
        models = models.filter(licence=licence)
    if q:
        models = models.filter(Q(name__icontains=q) | Q(summary__icontains=q))
    return Mapped(models.order_by("organisation__name", "name"), model_summary)


@router.get("/models/{org}/{slug}", response=ModelDetailOut, summary="One model with scope and deployments")
def get_model(request, org: str, slug: str):
    return model_detail(visible_model(caller(request), org, slug))


@router.post("/models", response={201: ModelDetailOut}, summary="Register a model")
def create_model(request, payload: ModelIn):
    user = require_write(request)
    org = get_object_or_404(Organisation, slug=payload.organisation)
    data = payload.dict(exclude={"organisation"})
    model = services.create_model(user, org, **data)
    return Status(201, model_detail(model))


@router.patch("/models/{org}/{slug}", response=ModelDetailOut, summary="Change a model's fields")
def patch_model(request, org: str, slug: str, payload: ModelPatch):
    user = require_write(request)
    model = visible_model(caller(request), org, slug)
    given = payload.dict(exclude_unset=True)
    chain = {k: given.pop(k) for k in list(given) if k in AIModel.SUPPLY_CHAIN_FIELDS}
    with transaction.atomic():
        if given:
            services.update_model(user, model, **given)
        if chain:
            services.update_supply_chain(user, model, **chain)
    return model_detail(model)


@router.post("/models/{org}/{slug}/scope", response={201: ScopeOut}, summary="Add a scope-statement version")
def add_scope(request, org: str, slug: str, payload: ScopeIn):
    user = require_write(request)
    scope = services.add_scope_statement(user, visible_model(caller(request), org, slug), **payload.dict())
    return Status(201, scope_dict(scope))


@router.post("/models/{org}/{slug}/deployments", response={201: DeploymentOut}, summary="Record a deployment")
def add_deployment(request, org: str, slug: str, payload: DeploymentIn):
    user = require_write(request)
    dep = services.add_deployment(user, visible_model(caller(request), org, slug), **payload.dict())
    return Status(201, deployment_dict(dep))


@router.post("/model-cards", response={200: CardOut, 201: CardOut}, summary="Import a Hugging Face model card")
def import_card(request, payload: CardIn):
    user = require_write(request)
    org = get_object_or_404(Organisation, slug=payload.organisation)
    model, info, created = services.import_hf_card(user, org, payload.card, slug=payload.slug, source="card")
    return Status(201 if created else 200,
                  {"model": model_detail(model), "created": created, "warnings": info.warnings})


@router.get("/models/{org}/{slug}/risk", response=dict, tags=["commitments"], operation_id="redline_commitments_api_model_risk",
            summary="Threat profiles, red lines with verdicts, thresholds, gate per mode, decisions, protocols")
def model_risk(request, org: str, slug: str):
    model = visible_model(caller(request), org, slug)
    return {"model": model.full_slug, **pages.merged(pages.model_sections(model, caller(request)))}
