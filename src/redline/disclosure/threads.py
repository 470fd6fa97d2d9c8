"""A case's messages in threads: one case-wide thread and one thread per vendor, shown a page at a time.

A message's ``vendor`` names its thread: empty for the case-wide thread (every party on the case reads
it), a vendor for that vendor's thread with the coordinators and the reporter. A vendor reads the
case-wide thread and its own, never another vendor's; coordinators read every thread; the reporter
reads every thread but no internal note. Internal notes stay with the vendors and coordinators of
their thread (:func:`redline.accounts.policy.can_view_message`, which :func:`visible_filter` equals).

Pages hold at most :data:`PER_PAGE` messages, oldest first within a page. A thread opens on its last
page: the newest 50 messages, newest last (as in VINCE and mail); pages are cut back from the newest,
so page 1 holds the oldest messages and may hold fewer. Links to earlier and later pages need no
JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from redline.accounts import policy
from redline.core.errors import InvalidInput, PermissionDenied
from redline.disclosure.models import Message, Report

PER_PAGE = 50
CASE_WIDE = "case"
ALL = "all"


@dataclass(frozen=True)
class Thread:
    key: str
    """``case``, ``all`` or the vendor's slug."""
    label: str
    count: int


@dataclass
class ThreadPage:
    """One page of one thread, with the threads the viewer may open."""

    thread: Thread
    threads: list[Thread]
    messages: list
    number: int
    pages: int
    writable: bool
    """Whether the viewer may post in this thread."""
    numbers: list[int | None] = field(default_factory=list)
    """Page numbers to link, ``None`` for a gap (1 … 4 5 6 … 20)."""


def visible_filter(user, report: Report, *, token_ok: bool = False) -> Q:
    """The messages of ``report`` that ``user`` may read, as a filter equal to ``policy.can_view_message``."""
    if policy.is_coordinator(user):
        return Q()
    mine = policy.report_vendor_ids(user, report)
    if mine:
        return Q(vendor_id__in=mine) | Q(vendor__isnull=True)
    if token_ok or policy.is_reporter(user, report):
        return ~Q(audience="internal")
    return Q(pk__in=[])


def own_vendors(user, report: Report, parts) -> list:
    """The vendor organisations on the case whose threads ``user`` writes in as a vendor (not a coordinator)."""
    if policy.is_coordinator(user):
        return []
    mine = policy.report_vendor_ids(user, report)
    return [p.vendor for p in parts if p.vendor_id in mine]


def threads_for(user, report: Report, parts, *, token_ok: bool = False) -> list[Thread]:
    """The threads ``user`` may open, with how many messages each holds for them: all, case-wide, then vendors.

    ``parts`` are the participations the viewer sees (a vendor only its own); a coordinator also sees the
    threads of vendors removed from the case that still hold messages."""
    counts = dict(Message.objects.filter(report=report).filter(visible_filter(user, report, token_ok=token_ok))
                  .order_by().values_list("vendor_id").annotate(n=Count("pk")))
    names = {p.vendor_id: (p.vendor.slug, p.vendor.name) for p in parts}
    if policy.is_coordinator(user):
        gone = [pk for pk in counts if pk is not None and pk not in names]
        if gone:
            from redline.accounts.models import Organisation

            names.update({o.pk: (o.slug, f"{o.name} (no longer on the case)")
                          for o in Organisation.objects.filter(pk__in=gone)})
    vendor_threads = [Thread(slug, name, counts.get(pk, 0)) for pk, (slug, name) in names.items()]
    return [Thread(ALL, "All messages", sum(counts.values())), Thread(CASE_WIDE, "Case-wide", counts.get(None, 0)),
            *sorted(vendor_threads, key=lambda t: t.label.casefold())]


def default_thread(user, report: Report, parts, *, token_ok: bool = False) -> str:
    """Where the page opens: a vendor's own thread, the case-wide thread for coordinators, all for the reporter."""
    if token_ok or (policy.is_reporter(user, report) and not policy.is_coordinator(user)):
        return ALL
    own = own_vendors(user, report, parts)
    return own[0].slug if own else CASE_WIDE


def writable(user, report: Report, parts, key: str, *, token_ok: bool = False) -> bool:
    """Coordinators and the reporter write in the case-wide thread and in any vendor's; a vendor in its own."""
    if key == ALL:
        return False
    if policy.is_coordinator(user) or token_ok or policy.is_reporter(user, report):
        return key == CASE_WIDE or any(p.vendor.slug == key for p in parts)
    return any(v.slug == key for v in own_vendors(user, report, parts))


def page_numbers(number: int, pages: int) -> list[int | None]:
    """The page links to show: the first, the last and two either side of ``number``; ``None`` for a gap."""
    shown = sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def thread_page(user, report: Report, parts, key: str | None = None, page: str | int | None = None, *,
                token_ok: bool = False, per_page: int = PER_PAGE) -> ThreadPage:
    """Page ``page`` (default: the last) of thread ``key`` (default: :func:`default_thread`) as ``user`` reads it.

    An unknown thread, or one the viewer may not read, answers :class:`InvalidInput` naming ``thread``
    (the same answer for both, so a vendor learns nothing of another vendor's thread); a page past the
    end shows the last page."""
    threads = threads_for(user, report, parts, token_ok=token_ok)
    key = key or default_thread(user, report, parts, token_ok=token_ok)
    thread = next((t for t in threads if t.key == key), None)
    if thread is None:
        raise InvalidInput("thread", f"no thread {key!r} that you may read on this case")
    pages = max(1, -(-thread.count // per_page))
    if page in (None, ""):
        number = pages
    else:
        try:
            number = int(page)
        except (TypeError, ValueError):
            raise InvalidInput("page", f"{page!r} is not a page number") from None
        if number < 1:
            raise InvalidInput("page", "pages are numbered from 1")
        number = min(number, pages)
    qs = Message.objects.filter(report=report).filter(visible_filter(user, report, token_ok=token_ok))
    if key == CASE_WIDE:
        qs = qs.filter(vendor__isnull=True)
    elif key != ALL:
        qs = qs.filter(vendor__slug=key)
    end = thread.count - (pages - number) * per_page  # pages are cut from the newest: the last one is full
    start = max(0, end - per_page)
    messages = list(qs.select_related("vendor").order_by("created_at", "pk")[start:end]) if end > 0 else []
    return ThreadPage(thread, threads, messages, number, pages, writable(user, report, parts, key, token_ok=token_ok),
                      page_numbers(number, pages))


def thread_vendor(user, report: Report, parts, key: str | None, *, token_ok: bool = False):
    """The vendor whose thread a new message from ``user`` goes to (``None``: the case-wide thread).

    Without ``key`` a vendor writes in its own thread and everyone else in the case-wide one. A vendor may
    not write in the case-wide thread (other vendors would learn who else is on the case); it answers
    :class:`PermissionDenied`, as does a thread the writer may not read."""
    if not key:
        own = own_vendors(user, report, parts) if user is not None else []
        return own[0] if own else None
    if key == ALL:
        raise InvalidInput("thread", "choose the case-wide thread or a vendor's thread")
    if not writable(user, report, parts, key, token_ok=token_ok):
        if key == CASE_WIDE:
            raise PermissionDenied("vendors write in their own thread; the coordinators write to every vendor in "
                                   "the case-wide thread")
        raise PermissionDenied("you cannot write in that thread")
    return None if key == CASE_WIDE else next(p.vendor for p in parts if p.vendor.slug == key)


def message_data(m, *, thread_names: dict[str, str] | None = None) -> dict:
    """One message as the JSON twin and the API show it, with its thread."""
    return {"id": m.pk, "author": m.author_label, "audience": m.audience, "body": m.body, "at": m.created_at.isoformat(),
            "thread": m.vendor.slug if m.vendor_id else CASE_WIDE}


def page_data(tp: ThreadPage, base_url: str) -> dict:
    """The thread page's part of the JSON twin: the threads, this page, and links to the others."""
    def link(key: str, number: int | None = None) -> str:
        return f"{base_url}?thread={key}" + (f"&page={number}" if number else "")

    return {
        "threads": [{"key": t.key, "label": t.label, "count": t.count, "url": link(t.key)} for t in tp.threads],
        "thread": tp.thread.key,
        "messages_page": {"number": tp.number, "pages": tp.pages, "per_page": PER_PAGE, "count": tp.thread.count,
                          "previous": link(tp.thread.key, tp.number - 1) if tp.number > 1 else None,
                          "next": link(tp.thread.key, tp.number + 1) if tp.number < tp.pages else None},
        "messages": [message_data(m) for m in tp.messages],
    }
