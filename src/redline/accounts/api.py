"""API: organisations and the caller's identity."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from redline.accounts.api_auth import caller
from redline.accounts.models import Organisation
from redline.accounts.serializers import org_detail, org_summary
from redline.http.pagination import Mapped, Page

router = Router(tags=["organisations"])


class OrgOut(Schema):
    slug: str
    name: str
    kind: str
    """developer, reviewer, coordinator, adjudicator, regulator or research."""
    url: str


class OrgDetailOut(OrgOut):
    description: str
    website: str
    created_at: str | None


class MeOut(Schema):
    authenticated: bool
    email: str | None = None
    token_scope: str | None = None
    memberships: list[dict] = []


@router.get("/orgs", response=list[OrgOut], summary="List organisations")
@paginate(Page)
def list_orgs(request, kind: str | None = None):
    orgs = Organisation.objects.all()
    if kind:
        orgs = orgs.filter(kind=kind)
    return Mapped(orgs.order_by("name"), org_summary)


@router.get("/orgs/{slug}", response=OrgDetailOut, summary="One organisation")
def get_org(request, slug: str):
    return org_detail(get_object_or_404(Organisation, slug=slug))


@router.get("/me", response=MeOut, summary="Who the token belongs to")
def me(request):
    user = caller(request)
    if not user.is_authenticated:
        return {"authenticated": False}
    return {"authenticated": True, "email": user.email, "token_scope": getattr(request, "token_scope", None),
            "memberships": [{"organisation": m.organisation.slug, "role": m.role}
                            for m in user.memberships.select_related("organisation")]}
