"""Registry services: create and change models, scope statements and deployments.

Every write checks the policy and runs in one transaction; the ledger records it
through the model signals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from redline.accounts.models import Organisation, OrgKind, User, Visibility
from redline.accounts.policy import Action, require, role_in
from redline.core.deployment import DeploymentMode
from redline.core.errors import InvalidInput, PermissionDenied
from redline.core.hfcard import CardInfo, parse_card
from redline.registry import supply_chain
from redline.registry.models import AIModel, Deployment, DeploymentStatus, Modality, ScopeStatement

MODEL_FIELDS = ("name", "version", "base_model", "modality", "licence", "parameter_count", "release_date",
                "summary", "links", "tags", "visibility", "audiences")



def _clean_model_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if k in MODEL_FIELDS and v is not None}
    if "name" in out and not str(out["name"]).strip():
        raise InvalidInput("name", "must not be empty")
    if "modality" in out and out["modality"] not in Modality.values:
        raise InvalidInput("modality", f"must be one of {', '.join(Modality.values)}")
    if "visibility" in out and out["visibility"] not in Visibility.values:
        raise InvalidInput("visibility", f"must be one of {', '.join(Visibility.values)}")
    if "parameter_count" in out and int(out["parameter_count"]) < 0:
        raise InvalidInput("parameter_count", "must not be negative")
    if "release_date" in out and isinstance(out["release_date"], str):
        try:
            out["release_date"] = dt.date.fromisoformat(out["release_date"])
        except ValueError:
            raise InvalidInput("release_date", "use YYYY-MM-DD") from None
    for key in ("links", "tags", "audiences"):
        if key in out and not isinstance(out[key], list):
            raise InvalidInput(key, "must be a list")
    unknown = [a for a in out.get("audiences", []) if a not in OrgKind.values]
    if unknown:
        raise InvalidInput("audiences", f"unknown organisation kind {unknown[0]!r}; "
                           f"choose from {', '.join(OrgKind.values)}")
    return out


def _check_audiences(visibility: str, audiences: list) -> None:
    """A restricted model must name who may read it, or nobody outside the owner could."""
    if visibility == Visibility.RESTRICTED and not audiences:
        raise InvalidInput("audiences", "choose at least one audience for a restricted model")


@transaction.atomic
def create_model(actor, org: Organisation, *, slug: str = "", **fields: Any) -> AIModel:
    require(actor, Action.CREATE, org, f"models in {org.name}")
    cleaned = _clean_model_fields(fields)
    if "name" not in cleaned:
        raise InvalidInput("name", "is required")
    slug = slugify(slug or cleaned["name"])[:100]
    if not slug:
        raise InvalidInput("slug", "must contain letters or digits")
    if AIModel.objects.filter(organisation=org, slug=slug).exists():
        raise InvalidInput("slug", f"{org.slug}/{slug} already exists")
    _check_audiences(cleaned.get("visibility", Visibility.PUBLIC), cleaned.get("audiences", []))
    return AIModel.objects.create(organisation=org, slug=slug, **cleaned)


@transaction.atomic
def update_model(actor, model: AIModel, **fields: Any) -> AIModel:
    require(actor, Action.UPDATE, model, str(model))
    cleaned = _clean_model_fields(fields)
    _check_audiences(cleaned.get("visibility", model.visibility), cleaned.get("audiences", model.audiences))
    return _apply(model, cleaned)


def _apply(model: AIModel, cleaned: dict[str, Any]) -> AIModel:
    """Set the cleaned fields that differ, and save (with a new ``updated_at``) only when one did."""
    changed = False
    for key, value in cleaned.items():
        if getattr(model, key) != value:
            setattr(model, key, value)
            changed = True
    if changed:
        model.updated_at = timezone.now()
        model.save()
    return model


def can_edit_supply_chain(actor, model: AIModel) -> bool:
    """Only the model's organisation's admins (and operators) write its supply chain."""
    if getattr(actor, "is_active", False) and getattr(actor, "is_staff", False):
        return True
    return role_in(actor, model.organisation) == "admin"


@transaction.atomic
def update_supply_chain(actor, model: AIModel, **fields: Any) -> AIModel:
    """Set the supply-chain fields given (:mod:`redline.registry.supply_chain`); admins only."""
    require(actor, Action.VIEW, model, str(model))
    if not can_edit_supply_chain(actor, model):
        raise PermissionDenied(f"only admins of {model.organisation.name} may change the supply chain of {model}")
    unknown = sorted(set(fields) - set(AIModel.SUPPLY_CHAIN_FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], "not a supply-chain field")
    cleaned = supply_chain.clean(fields)
    return _apply(model, cleaned)


@transaction.atomic
def add_scope_statement(actor, model: AIModel, *, intended_use: str, stated_limits: str = "",
                        claims: list | None = None) -> ScopeStatement:
    """Append a new scope-statement version; earlier versions stay as they were."""
    require(actor, Action.UPDATE, model, str(model))
    if not intended_use.strip():
        raise InvalidInput("intended_use", "must not be empty")
    claims = claims or []
    for i, claim in enumerate(claims):
        if not isinstance(claim, dict) or not str(claim.get("claim", "")).strip():
            raise InvalidInput(f"claims[{i}]", "each claim needs a 'claim' text")
        rate = claim.get("rate")
        if rate is not None and not (isinstance(rate, (int, float)) and 0 <= rate <= 1):
            raise InvalidInput(f"claims[{i}].rate", "must be a number between 0 and 1")
    last = model.scope_statements.order_by("-version").first()
    return ScopeStatement.objects.create(
        model=model, version=(last.version + 1) if last else 1, intended_use=intended_use.strip(),
        stated_limits=stated_limits.strip(), claims=claims, created_by=actor if isinstance(actor, User) else None,
    )


@transaction.atomic
def add_deployment(actor, model: AIModel, *, mode: str, channels: list | None = None,
                   start_date: dt.date | str | None = None, status: str = DeploymentStatus.PLANNED,
                   notes: str = "") -> Deployment:
    require(actor, Action.UPDATE, model, str(model))
    try:
        mode_enum = DeploymentMode.parse(mode)
    except InvalidInput as exc:
        raise InvalidInput("mode", f"{exc}") from None
    if status not in DeploymentStatus.values:
        raise InvalidInput("status", f"must be one of {', '.join(DeploymentStatus.values)}")
    if isinstance(start_date, str) and start_date:
        try:
            start_date = dt.date.fromisoformat(start_date)
        except ValueError:
            raise InvalidInput("start_date", "use YYYY-MM-DD") from None
    return Deployment.objects.create(model=model, mode=mode_enum.value, channels=list(channels or []),
                                     start_date=start_date or None, status=status, notes=notes)


@transaction.atomic
def set_deployment_status(actor, deployment: Deployment, status: str) -> Deployment:
    require(actor, Action.UPDATE, deployment.model, str(deployment.model))
    if status not in DeploymentStatus.values:
        raise InvalidInput("status", f"must be one of {', '.join(DeploymentStatus.values)}")
    if deployment.status != status:
        deployment.status = status
        deployment.save()
    return deployment


def card_fields(info: CardInfo) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "licence": info.licence[:100], "base_model": info.base_model[:200], "tags": info.tags, "links": info.links,
        "summary": info.summary,
    }
    if info.modality:
        fields["modality"] = info.modality
    return {k: v for k, v in fields.items() if v not in ("", [], None)}


@transaction.atomic
def import_hf_card(actor, org: Organisation, text: str, *, slug: str = "", name: str = "",
                   source: str = "model card") -> tuple[AIModel, CardInfo, bool]:
    """Create or update ``org/slug`` from a model card; returns (model, card info, created).

    The card is parsed before anything is written, so a refused card leaves no trace.
    """
    # A byte-order mark before the opening '---' hides the metadata block from huggingface_hub.
    info = parse_card(text.removeprefix("\ufeff"), source=source)
    fields = card_fields(info)
    slug = slugify(slug or name or info.title or "")[:100]
    if not slug:
        raise InvalidInput(source, "the card has no title; give the model name with --model ORG/NAME")
    model = AIModel.objects.filter(organisation=org, slug=slug).first()
    created = model is None
    if created:
        model = create_model(actor, org, slug=slug, name=name or info.title or slug, **fields)
    else:
        update_model(actor, model, **fields)
    model.card_raw = info.raw
    model.card_data = {"metadata": info.data, "eval_results": info.eval_results, "warnings": info.warnings}
    model.card_sha256 = info.sha256
    model.updated_at = timezone.now()
    model.save()
    return model, info, created
