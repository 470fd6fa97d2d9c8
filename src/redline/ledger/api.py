"""API: the ledger head."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from redline.ledger import services as ledger

router = Router(tags=["ledger"])


class HeadOut(Schema):
    head: str
    """Hash of the newest ledger entry (64 zeros when empty)."""
    length: int
    """Number of entries."""
    time: dt.datetime | None
    """Time of the newest entry."""


@router.get("/ledger/head", response=HeadOut, summary="Ledger head", operation_id="redline_web_api_ledger_ledger_head")  # id kept from 0.1
def ledger_head(request):
    head = ledger.head()
    return {"head": head.hash, "length": head.length, "time": head.time}
