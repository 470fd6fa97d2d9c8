"""Plain-dict views of registry objects, shared by JSON twins and the API."""

from __future__ import annotations

from redline.accounts.serializers import org_detail, org_summary  # noqa: F401 - the registry pages show both
from redline.registry.models import AIModel, Deployment, ScopeStatement


def _iso(value):
    return value.isoformat() if value else None


def model_summary(model: AIModel) -> dict:
    return {
        "id": model.full_slug, "organisation": model.organisation.slug, "slug": model.slug, "name": model.name,
        "version": model.version, "modality": model.modality, "licence": model.licence,
        "visibility": model.visibility, "url": model.get_absolute_url(),
    }


def scope_dict(scope: ScopeStatement) -> dict:
    return {"version": scope.version, "intended_use": scope.intended_use, "stated_limits": scope.stated_limits,
            "claims": scope.claims, "created_at": _iso(scope.created_at)}


def deployment_dict(dep: Deployment) -> dict:
    return {"id": dep.pk, "mode": dep.mode, "mode_label": dep.get_mode_display(),
            "reversibility_rank": dep.reversibility_rank, "channels": dep.channels,
            "start_date": _iso(dep.start_date), "status": dep.status, "notes": dep.notes}


def model_detail(model: AIModel) -> dict:
    return {
        **model_summary(model),
        "base_model": model.base_model, "parameter_count": model.parameter_count,
        "release_date": _iso(model.release_date), "summary": model.summary, "links": model.links,
        "tags": model.tags, "audiences": model.audiences,
        "card": {"sha256": model.card_sha256 or None, "eval_results": model.card_data.get("eval_results", []),
                 "warnings": model.card_data.get("warnings", [])},
        "scope_statements": [scope_dict(s) for s in model.scope_statements.order_by("-version")],
        "deployments": [deployment_dict(d) for d in model.deployments.all()],
        "created_at": _iso(model.created_at), "updated_at": _iso(model.updated_at),
        "supply_chain": supply_chain_dict(model),
    }


def supply_chain_dict(model: AIModel) -> dict:
    """Every supply-chain field, empty ones included (issue 16)."""
    return {key: getattr(model, key) for key in AIModel.SUPPLY_CHAIN_FIELDS}
