"""The ledger's pages: the head (for outsiders to pin) and the entries, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from redline.http.render import json_url, page
from redline.ledger import services as ledger
from redline.ledger.models import LedgerEntry


def entry_dict(entry: LedgerEntry, full: bool = False) -> dict:
    """An entry for the public list; actors and object ids only for operators (``full``)."""
    data = {"seq": entry.seq, "time": entry.time.isoformat(), "action": entry.action,
            "object_type": entry.object_type, "prev_hash": entry.prev_hash, "hash": entry.hash}
    if full:
        data.update(actor=entry.actor, object_id=entry.object_id, object_digest=entry.object_digest)
    return data


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
