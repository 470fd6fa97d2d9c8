"""The ledger's pages: the head (for outsiders to pin) and the entries, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from redline.http.render import json_url, page
from redline.ledger import describe, visibility
from redline.ledger import services as ledger
from redline.ledger.models import LedgerEntry


def entry_dict(entry: LedgerEntry, full: bool = False, shown: bool = True, words: dict | None = None) -> dict:
    """An entry for the public list; actors and object ids only for operators (``full``).

    An entry about an object the viewer may not see (``shown`` false) keeps its position, time and
    hashes, so the chain can still be checked, and says nothing of what it records. ``words`` (from
    :func:`redline.ledger.describe.describe`) says what happened, and links the object.
    """
    words = words if shown else None
    data = {"seq": entry.seq, "time": entry.time.isoformat(), "action": entry.action if shown else None,
            "object_type": entry.object_type if shown else None, "redacted": not shown,
            "summary": words["summary"] if words else None, "url": words["url"] if words else None,
            "prev_hash": entry.prev_hash, "hash": entry.hash}
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
    shown = visibility.shown_in_full(request.user, entries)
    words = describe.describe(entries, shown)
    rows = [{"entry": e, "shown": e.seq in shown, "words": words.get(e.seq)} for e in entries]
    data = {"count": paginator.count, "page": entries.number, "pages": paginator.num_pages,
            "entries": [entry_dict(e, full=request.user.is_staff, shown=e.seq in shown, words=words.get(e.seq))
                        for e in entries]}
    return page(request, "ledger/list.html", {"entries": entries, "rows": rows, "head": ledger.head(),
                                              "json_url": json_url(request)}, data, fmt)
