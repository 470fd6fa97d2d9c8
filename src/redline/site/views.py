"""Site-wide pages: the home page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from redline.accounts.models import Organisation
from redline.accounts.policy import visible_filter
from redline.http.render import json_url, page
from redline.ledger import services as ledger
from redline.ledger.models import LedgerEntry
from redline.registry.models import AIModel
from redline.registry.serializers import model_summary


def _public_activity(limit: int = 10) -> list[dict]:
    """Recent ledger entries about public models and organisations, with names and links.

    Kept to public registry objects so the home page never hints at restricted work.
    """
    entries = list(LedgerEntry.objects.filter(object_type__in=["registry.aimodel", "accounts.organisation"])
                   .order_by("-seq")[:100])
    model_ids = {int(e.object_id) for e in entries if e.object_type == "registry.aimodel"}
    org_ids = {int(e.object_id) for e in entries if e.object_type == "accounts.organisation"}
    models = {m.pk: m for m in AIModel.objects.filter(pk__in=model_ids, visibility="public")
              .select_related("organisation").listed()}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=org_ids)}
    out = []
    for entry in entries:
        obj = (models if entry.object_type == "registry.aimodel" else orgs).get(int(entry.object_id))
        if obj is None:
            continue
        url = obj.get_absolute_url() if isinstance(obj, AIModel) else f"/orgs/{obj.slug}/"
        kind = "model" if isinstance(obj, AIModel) else "organisation"
        out.append({"entry": entry, "label": obj.name, "url": url, "kind": kind,
                    "verb": {"create": "registered", "update": "updated"}.get(entry.action, entry.action)})
        if len(out) >= limit:
            break
    return out


def _latest_advisories(limit: int = 5) -> dict:
    """The newest published advisories (public by definition) and how many there are."""
    from redline.disclosure.publishing import public_advisories

    qs = public_advisories()
    items = [{"id": a.public_id, "title": a.title, "severity": a.severity, "kind": a.kind,
              "published_at": a.published_at.isoformat() if a.published_at else None,
              "url": f"/advisories/{a.public_id}/"}
             for a in qs.order_by("-published_at", "-sequence")[:limit]]
    return {"count": qs.count(), "items": items}


def _commitments_in_force(user) -> int:
    """Red lines and risk thresholds in force on models the viewer may see."""
    from redline.commitments.models import CommitmentVersion

    return CommitmentVersion.objects.filter(state="in_force").filter(
        visible_filter(user, prefix="commitment__model__")).count()


@require_GET
def home(request, fmt: str = "html"):
    models = AIModel.objects.filter(visible_filter(request.user)).select_related("organisation").listed()
    head = ledger.head()
    latest = list(models.order_by("-updated_at")[:6])
    data = {
        "name": "redline",
        "about": "Coordinated disclosure, commitments and risk estimates for dual-use AI foundation models.",
        "counts": {"organisations": Organisation.objects.count(), "models": models.count()},
        "latest_models": [model_summary(m) for m in latest],
        "ledger_head": {"hash": head.hash, "length": head.length},
    }
    advisories = _latest_advisories()
    data["counts"]["published_advisories"] = advisories["count"]
    data["counts"]["commitments_in_force"] = _commitments_in_force(request.user)
    data["latest_advisories"] = advisories["items"]
    context = {"latest_models": latest, "counts": data["counts"], "head": head, "advisories": advisories["items"],
               "activity": _public_activity(), "json_url": "/index.json"}
    return page(request, "home.html", context, data, fmt)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def dashboard(request, fmt: str = "html"):
    """The signed-in home: a section per role the user holds (sign-in lands here)."""
    from redline.site.dashboard import dashboard_for

    params = {k: request.GET.get(k, "") for k in ("state", "severity", "org")}
    data = dashboard_for(request.user, params)
    context = {"data": data, "s": data["sections"], "json_url": json_url(request)}
    return page(request, "dashboard.html", context, data, fmt)
