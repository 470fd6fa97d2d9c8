"""Site-wide pages: home, ledger head and recent entries, health check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from redline.accounts.models import Organisation
from redline.accounts.policy import visible_filter
from redline.ledger import services as ledger
from redline.ledger.models import LedgerEntry
from redline.registry.models import AIModel
from redline.registry.serializers import model_summary
from redline.web.render import json_url, page


def entry_dict(entry: LedgerEntry, full: bool = False) -> dict:
    """An entry for the public list; actors and object ids only for operators (``full``)."""
    data = {"seq": entry.seq, "time": entry.time.isoformat(), "action": entry.action,
            "object_type": entry.object_type, "prev_hash": entry.prev_hash, "hash": entry.hash}
    if full:
        data.update(actor=entry.actor, object_id=entry.object_id, object_digest=entry.object_digest)
    return data


def _public_activity(limit: int = 10) -> list[dict]:
    """Recent ledger entries about public models and organisations, with names and links.

    Kept to public registry objects so the home page never hints at restricted work.
    """
    entries = list(LedgerEntry.objects.filter(object_type__in=["registry.aimodel", "accounts.organisation"])
                   .order_by("-seq")[:100])
    model_ids = {int(e.object_id) for e in entries if e.object_type == "registry.aimodel"}
    org_ids = {int(e.object_id) for e in entries if e.object_type == "accounts.organisation"}
    models = {m.pk: m for m in AIModel.objects.filter(pk__in=model_ids, visibility="public")
              .select_related("organisation")}
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
    models = AIModel.objects.filter(visible_filter(request.user)).select_related("organisation")
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
def ledger_head(request):
    """The chain's head hash, length and time, for outsiders to pin and compare."""
    head = ledger.head()
    return JsonResponse({"head": head.hash, "length": head.length,
                         "time": head.time.isoformat() if head.time else None})


@require_GET
def ledger_page(request, fmt: str = "html"):
    paginator = Paginator(LedgerEntry.objects.order_by("-seq"), 50)
    entries = paginator.get_page(request.GET.get("page"))
    data = {"count": paginator.count, "page": entries.number, "pages": paginator.num_pages,
            "entries": [entry_dict(e, full=request.user.is_staff) for e in entries]}
    return page(request, "ledger/list.html", {"entries": entries, "head": ledger.head(),
                                              "json_url": json_url(request)}, data, fmt)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
