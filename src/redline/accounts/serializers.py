"""Plain-dict views of organisations, shared by JSON twins and the API."""

from __future__ import annotations

from redline.accounts.models import Organisation


def _iso(value):
    return value.isoformat() if value else None


def org_summary(org: Organisation) -> dict:
    return {"slug": org.slug, "name": org.name, "kind": org.kind, "url": f"/orgs/{org.slug}/"}


def org_detail(org: Organisation) -> dict:
    return {**org_summary(org), "description": org.description, "website": org.website,
            "created_at": _iso(org.created_at)}
