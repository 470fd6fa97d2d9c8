"""Disclosure pages: intake, follow-up, triage queue and case page, coordination, disputes, incidents.

Views parse, authorise through :mod:`redline.accounts.policy`, call a service and
render; public pages (advisories, incidents, feeds) live in :mod:`.public_views`.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case as Choose
from django.db.models import Q, Value, When
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views.decorators.http import require_POST

from redline.accounts import policy, ratelimit
from redline.accounts.models import Organisation
from redline.core.disclosure import actions as core_actions
from redline.core.disclosure.case import VENDOR_ACTIONS
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.disclosure import (
    case_store,
    due,
    duplicates,
    guide,
    intake,
    publishing,
    serializers,
    services,
    threads,
)
from redline.disclosure.forms import MessageForm, ReportForm, suggestions_for
from redline.disclosure.lookups import visible_case
from redline.disclosure.models import Attachment, Dispute, Escalation, Report
from redline.http.forms import add_service_error
from redline.http.oversize import keeps_oversized_posts
from redline.http.render import json_url, page
from redline.http.widgets import ListField, RepeatedInput

# --- intake ------------------------------------------------------------------------


RECEIVED = "disclosure.report_received"  # the session key the success page reads (after the redirect)


@keeps_oversized_posts
def report_form(request):
    """The intake form; a valid report is stored and the browser redirected to /report/received/ (PRG)."""
    terms = intake.ensure_terms()
    suggestions = suggestions_for(request.user)
    if request.method == "POST" and request.too_large:
        return _too_large(request, terms, suggestions)
    form = ReportForm(request.POST or None, request.FILES or None, suggestions=suggestions)
    if request.method == "POST" and form.is_valid():
        uploads = []
        f = form.cleaned_data.get("attachment")
        if f:
            if f.size > intake.MAX_ATTACHMENT_BYTES:
                form.add_error("attachment", f"this file is {filesizeformat(f.size)}; at most "
                                             f"{filesizeformat(intake.MAX_ATTACHMENT_BYTES)}")
            else:
                uploads.append(intake.Upload(f.name, f.read(), f.content_type or "",
                                               form.cleaned_data["attachment_sensitivity"]))
        if not form.errors:
            try:
                done = intake.submit_report(form.submission(terms.version),
                                              reporter=request.user if request.user.is_authenticated else None,
                                              uploads=uploads, client=ratelimit.client_ip(request))
            except InvalidInput as exc:
                add_service_error(form, exc)
            else:
                request.session[RECEIVED] = _received(request, done)
                return redirect("disclosure:report-received")
    return render(request, "disclosure/report_form.html", {"form": form, "terms": terms},
                  status=422 if form.errors else 200)


def _received(request, done: intake.Submitted) -> dict:
    """What the success page shows, kept in the session until then (the token only until it is shown once)."""
    report = done.report
    shown = intake.suggestions_for(request.user, done.suggestions)
    cases = _cases(request, shown)
    return {"ref": report.ref, "csam_path": report.csam_path,
            "token": done.token, "link": request.build_absolute_uri(f"/report/follow/{done.token}/"),
            "notified": sorted(p.vendor.name for p in report.case.participants.select_related("vendor")),
            "suggestions": [{"label": s.ref if s.report_id in cases else s.public_id,
                             "url": f"/cases/{s.report_id}/" if s.report_id in cases else f"/advisories/{s.public_id}/",
                             "title": s.title if s.report_id in cases else "",  # only to those who may open it
                             "similarity": round(s.similarity, 2)} for s in shown]}


def _cases(request, suggestions) -> set[int]:
    """The suggested reports ``request.user`` may open as cases (the rest are published advisories)."""
    if not request.user.is_authenticated or not suggestions:
        return set()
    return set(Report.objects.filter(policy.reports_visible_filter(request.user),
                                     pk__in=[s.report_id for s in suggestions]).values_list("pk", flat=True))


def report_received(request):
    """The page after a submission: the follow-up link once, who was told, and possible duplicates."""
    data = request.session.get(RECEIVED)
    if data is None:
        return redirect("disclosure:report")
    link = data.pop("link", None) if data.pop("token", None) else None
    request.session[RECEIVED] = data  # a refresh shows the page again, without the link
    return render(request, "disclosure/submitted.html", {"data": data, "link": link})


def _too_large(request, terms, suggestions):
    """The form again, with what fit in the request, when the request was over the server's limit."""
    from django.conf import settings

    kept = request.POST
    blank = ReportForm(suggestions=suggestions)
    initial = {}
    for name, field in blank.fields.items():
        if name in kept:
            many = isinstance(field.widget, RepeatedInput) or isinstance(field, forms.MultipleChoiceField)
            initial[name] = kept.getlist(name) if many else kept.get(name)
    form = ReportForm(initial=initial, suggestions=suggestions)
    # Fields arrive in the form's order, so the first text field missing is the one that did not fit.
    culprit = next((name for name, f in blank.fields.items() if name not in kept
                    and isinstance(f, (forms.CharField, ListField))), None)
    limit = intake.TEXT_LIMITS.get(culprit or "")
    cap = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = (f"Your report was not sent: it is larger than this server accepts"
               f"{f' ({filesizeformat(cap)} of text; an attachment counts apart)' if cap else ''}.")
    if request.too_large == "fields":
        message = "Your report was not sent: it has more fields than this server accepts."
    elif culprit is not None:
        message += f" The field “{blank[culprit].label}” was probably too long"
        message += f": it may hold at most {limit:,} characters." if limit else "."
    return render(request, "disclosure/report_form.html",
                  {"form": form, "terms": terms, "too_large": message,
                   "kept_something": bool(initial)}, status=413)


def _token_report(token: str) -> Report:
    report = intake.report_for_token(token)
    if report is None:
        raise Http404("no report for this link")
    return report


def _reporter_step(request, run, success) -> HttpResponseRedirect:
    """Run one reporter action from the follow-up page; its error or ``success(result)`` becomes a message."""
    try:
        result = run()
    except (InvalidInput, IllegalTransition, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(result))
    return redirect(request.path)


def follow_up(request, token: str, fmt: str = "html"):
    """The reporter's private page: status per vendor, the thread, a reply box and disputes."""
    report = _token_report(token)
    form = MessageForm(request.POST or None)
    post = request.POST
    if request.method == "POST":
        if post.get("dispute_vendor"):
            vendor = get_object_or_404(Organisation, slug=post["dispute_vendor"])
            return _reporter_step(request, lambda: services.file_dispute(report, vendor, post.get("grounds", ""),
                                                                         token_ok=True),
                                  lambda _: "Dispute filed. An independent adjudicator will decide it.")
        if post.get("embargo_op"):
            return _reporter_step(request, lambda: services.act(request.user, report, post["embargo_op"],
                                                                token_ok=True),
                                  lambda _: "Your answer to the embargo is recorded.")
        if post.get("dispute_op"):
            dispute = get_object_or_404(report.disputes, pk=_post_id(post, "dispute_id"))
            return _reporter_step(request, lambda: services.dispute_event(request.user, dispute, post["dispute_op"],
                                                                          grounds=post.get("appeal_grounds", ""),
                                                                          token_ok=True),
                                  lambda d: "Appeal filed: the adjudicators will review their decision once more."
                                  if d.state == "appealed" else "Dispute withdrawn.")
        if form.is_valid():
            try:
                services.post_message(report, form.cleaned_data["body"], token_ok=True,
                                      thread=post.get("thread") or None)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Message sent.")
            return redirect(request.path)
    parts = serializers.visible_participants(request.user, report, token_ok=True)
    tp = _thread_page(request, report, parts, token_ok=True)
    base = f"/report/follow/{token}"
    data = serializers.case_detail(request.user, report, token_ok=True, thread_page=tp,
                                   base_url=f"{base}.json" if fmt == "json" else f"{base}/")
    context = {"report": report, "data": data, "form": form, "token": token, "tp": tp, "thread_url": f"{base}/",
               "disputable": services.disputable_vendors(report), "limits": case_store.embargo_policy()}
    return page(request, "disclosure/follow_up.html", context, data, fmt)


# --- triage queue, case page -------------------------------------------------------------


_CASE_SORTS = ("deadline", "age", "-age", "severity")
_SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
#: The triage queue shows at most this many cases, the first in the chosen order.
QUEUE_LIMIT = 200


@login_required
def case_list(request, fmt: str = "html"):
    """The triage queue: the cases the viewer may open, with their age and next deadline; filter by report
    state and severity, sort by next deadline (default), age or severity — a plain GET form, no JavaScript.

    The next deadline is computed in SQL (:mod:`redline.disclosure.due`), so the database filters, sorts and
    cuts the whole queue in one query however many cases there are; the step's words come from the core.
    """
    now = timezone.now()
    seen = policy.participants_visible_filter(request.user)
    qs = (Report.objects.filter(pk__in=Report.objects.filter(policy.reports_visible_filter(request.user))
                                .values("pk"))
          .select_related("case", "advisory").prefetch_related("case__participants__vendor")
          .annotate(next_due=due.report_next_due(seen),
                    severity_rank=Choose(*[When(severity=s, then=Value(i)) for s, i in _SEVERITY_RANK.items()],
                                         default=Value(9))))
    state, severity = request.GET.get("state", ""), request.GET.get("severity", "")
    sort = request.GET.get("sort", "deadline")
    sort = sort if sort in _CASE_SORTS else "deadline"
    if severity in _SEVERITY_RANK:
        qs = qs.filter(severity=severity)
    else:
        severity = ""
    if state:
        qs = qs.filter(due.has_participant(seen & Q(state=state)))
    order = {"deadline": ("next_due", "submitted_at"), "age": ("submitted_at",), "-age": ("-submitted_at",),
             "severity": ("severity_rank", "submitted_at")}
    mine = policy.is_coordinator(request.user)
    rows = []
    for r in qs.order_by(*order[sort], "pk")[:QUEUE_LIMIT]:
        parts = serializers.visible_participants(request.user, r)
        visible = {p.vendor.slug for p in parts}
        steps = [s for s in core_actions.next_steps(guide.situation_of(r), at=now)
                 if s.due is not None and (s.vendor is None or s.vendor in visible)]
        nxt = min(steps, key=lambda s: s.due, default=None)
        rows.append({"report": r, "participants": parts, "age_days": (now - r.submitted_at).days,
                     "next": nxt, "next_vendor": next((p.vendor.name for p in parts
                                                       if nxt and p.vendor.slug == nxt.vendor), None)})
    data = {"count": len(rows), "sort": sort, "state": state or None, "severity": severity or None, "results": [
        {"ref": row["report"].ref, "title": row["report"].title, "severity": row["report"].severity,
         "url": f"/cases/{row['report'].pk}/", "submitted_at": row["report"].submitted_at.isoformat(),
         "age_days": row["age_days"],
         "next_step": row["next"] and {"vendor": row["next"].vendor, "step": row["next"].text,
                                       "due": row["next"].due.isoformat(), "overdue": row["next"].overdue},
         "participants": [serializers.participant_data(p) for p in row["participants"]]} for row in rows]}
    context = {"rows": rows, "state": state, "severity": severity, "sort": sort, "coordinator": mine,
               "states": ["received", "valid", "accepted", "deferred", "invalid", "closed"],
               "severities": list(_SEVERITY_RANK), "json_url": json_url(request)}
    return page(request, "disclosure/case_list.html", context, data, fmt)


def _visible_escalations(report: Report, parts: list) -> list:
    """The case's escalations about the case itself or a vendor the viewer may see (a vendor sees only its own)."""
    shown = {p.vendor_id for p in parts}
    return [e for e in report.case.escalations.select_related("vendor")
            if e.vendor_id is None or e.vendor_id in shown]


def _thread_page(request, report: Report, parts, *, token_ok: bool = False):
    """The thread and page the query string names (``?thread=case|SLUG|all&page=N``); 404 for a thread the
    viewer may not read, the same as for one that does not exist."""
    try:
        return threads.thread_page(request.user, report, parts, request.GET.get("thread") or None,
                                   request.GET.get("page"), token_ok=token_ok)
    except InvalidInput as exc:
        raise Http404(exc.message) from None


@login_required
def case_detail(request, pk: int, fmt: str = "html"):
    """The case page: the report, every vendor's status the viewer may see, the actions legal now and one page
    of one message thread (``?thread=…&page=…``)."""
    report = visible_case(request.user, pk)
    parts = serializers.visible_participants(request.user, report)
    tp = _thread_page(request, report, parts)
    data = serializers.case_detail(request.user, report, thread_page=tp,
                                   base_url=f"/cases/{report.pk}.json" if fmt == "json" else None)
    actable = [p for p in parts if policy.can_act_on_participation(request.user, p)]
    suggestions = []
    if actable and not report.duplicate_of_id and not report.csam_path:
        model, cues = duplicates.facets(report)
        text = duplicates.text_of(report.title, report.description, report.actual_behaviour)
        suggestions = duplicates.suggest(text, model=model, cues=cues, exclude=report.pk,
                                         visible=Report.objects.filter(
                                             policy.reports_visible_filter(request.user)).distinct())
    proposers = set(report.case.embargo_proposers)
    g = guide.guide_for(request.user, report, vendor=request.GET.get("vendor") or None)
    data.update(guide.offers_json(g))
    context = {"report": report, "data": data, "participants": parts, "actable": actable,
               "guide": g, "boxes": guide.template_boxes(g, report), "steps": guide.template_steps(g),
               "limits": case_store.embargo_policy(),
               "may_accept_embargo": not proposers & services.embargo_parties(request.user, report),
               "coordinator": policy.is_coordinator(request.user), "suggestions": suggestions,
               "message_form": MessageForm(), "escalations": _visible_escalations(report, parts),
               "tp": tp, "thread_url": f"/cases/{report.pk}/", "json_url": json_url(request)}
    return page(request, "disclosure/case_detail.html", context, data, fmt)


def _post_id(post, name: str) -> int:
    """A whole-number id from the form, or 404: a crafted or stale form names nothing that exists."""
    value = post.get(name, "")
    if not value.isdigit():
        raise Http404(f"{name}: not an id")
    return int(value)


def _parse_dt(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput("requested_end", f"{value!r} is not a date") from None
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


@login_required
@require_POST
def case_act(request, pk: int):
    """Every button on the case page posts here (HTMX swaps the page section; without JS it redirects)."""
    report = visible_case(request.user, pk)
    op = request.POST.get("op", "")
    op, _, named = op.partition(":")  # remove_participant:SLUG names its vendor in the button
    vendor = Organisation.objects.filter(slug=named or request.POST.get("vendor", "")).first()
    try:
        if op in ("accept", "invalid", "defer", "close"):
            if vendor is None:
                raise InvalidInput("vendor", "choose the vendor")
            services.triage(request.user, report, vendor, op)
        elif op == "message":
            services.post_message(report, request.POST.get("body", ""), user=request.user,
                                  audience=request.POST.get("audience") or "case",
                                  thread=request.POST.get("thread") or None)
        elif op == "duplicate":
            raw = next((v for v in reversed(request.POST.getlist("original")) if v.strip()), "")
            raw = raw.strip().upper().removeprefix("R-")
            original = Report.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
            if vendor is None:
                raise InvalidInput("vendor", "choose the vendor")
            if original is None:
                raise InvalidInput("original", services.no_original_message(raw or "(none)"))
            services.mark_duplicate(request.user, report, original, vendor)
        elif op == "publish":
            services.publish(request.user, report, reason=request.POST.get("reason") or None)
        elif op == "statement":
            if vendor is None:
                raise InvalidInput("vendor", "choose the vendor")
            services.set_statement(request.user, report, vendor, request.POST.get("statement", ""))
        elif op == "reject":
            publishing.reject(request.user, report, request.POST.get("reason", ""))
        elif op == "withdraw":
            publishing.withdraw(request.user, report, request.POST.get("reason", ""))
        elif op == "add_participant":
            vendor = Organisation.objects.filter(slug=request.POST.get("new_vendor", "")).first()
            if vendor is None:
                raise InvalidInput("new_vendor", "choose the vendor to add")
            services.add_participant(request.user, report, vendor)
        elif op == "remove_participant":
            if vendor is None:
                raise InvalidInput("vendor", "choose the vendor to remove")
            services.remove_participant(request.user, report, vendor)
        else:  # services.act names an unknown action
            services.act(request.user, report, op,
                         vendor=vendor if op in VENDOR_ACTIONS else None,
                         requested_end=_parse_dt(request.POST.get("requested_end", "")),
                         reason=request.POST.get("reason") or None)
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, _refusal(exc, vendor))
    except PermissionDenied as exc:
        if op != "message":
            raise
        messages.error(request, _refusal(exc, None))  # a thread the writer may not post in
    else:
        messages.success(request, core_actions.done_message(op, vendor.name if vendor else None)
                         if op != "message" else "Message posted.")
    if op == "message" and request.POST.get("thread"):  # back to the thread written in, on its newest page
        return redirect(f"/cases/{report.pk}/?thread={quote(request.POST['thread'])}#thread-h")
    return redirect(f"/cases/{report.pk}/")


def _refusal(exc: Exception, vendor) -> str:
    """The error as a sentence: "Not done: <why>." (naming the vendor whose participation it was)."""
    text = exc.message if isinstance(exc, InvalidInput) else str(exc)
    who = f" for {vendor.name}" if vendor is not None else ""
    text = text.rstrip(".")
    return f"Not done{who}: {text[:1].upper()}{text[1:]}."


@login_required
def attachment(request, pk: int, att: int):
    a = get_object_or_404(Attachment.objects.select_related("report"), pk=att, report_id=pk)
    if not policy.can_view_attachment(request.user, a):
        raise Http404("no such attachment")
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.name,
                        content_type="application/octet-stream")


# --- coordination --------------------------------------------------------------------


@login_required
def coordination(request, fmt: str = "html"):
    if not policy.is_coordinator(request.user):
        raise PermissionDenied("coordinators only")
    escalations = Escalation.objects.select_related("case__report", "vendor").filter(resolved_at__isnull=True)
    cases = Report.objects.select_related("case", "advisory").prefetch_related("case__participants__vendor")[:200]
    data = {"escalations": [{"case": e.case.report.ref, "url": f"/cases/{e.case.report_id}/",
                             "vendor": e.vendor.slug if e.vendor else None, "deadline": e.deadline,
                             "due": e.due.isoformat()} for e in escalations],
            "cases": [{"ref": r.ref, "title": r.title, "csam_path": r.csam_path,
                       "embargo": r.case.embargo_state} for r in cases]}
    context = {"escalations": escalations, "cases": cases, "json_url": json_url(request)}
    return page(request, "disclosure/coordination.html", context, data, fmt)


@login_required
@require_POST
def incident_create(request):
    """Coordinators group reports (``R-000012`` or ``12``, comma- or space-separated) into an incident."""
    import re

    ids = [int(x) for x in re.findall(r"\d+", request.POST.get("reports", ""))]
    try:
        reports = services.incident_reports(request.user, ids)  # PermissionDenied: the 403 page
        inc = services.create_incident(request.user, request.POST.get("title", ""),
                                       summary=request.POST.get("summary", ""), reports=reports)
    except InvalidInput as exc:
        messages.error(request, str(exc))
        return redirect("/coordination/")
    return redirect(inc.get_absolute_url())


# --- disputes --------------------------------------------------------------------------


#: What the adjudicators wait for in each dispute state (the queue's "waiting for" column).
_DISPUTE_WAITING = {"filed": "an adjudicator to begin the review", "under_review": "the adjudicator's decision",
                    "decided": "the reporter (may appeal once)", "appealed": "an adjudicator to review the appeal",
                    "appeal_review": "the final decision", "final": "nothing (final)",
                    "withdrawn": "nothing (withdrawn)"}
_DISPUTE_SORTS = {"age": ("filed_at", "pk"), "-age": ("-filed_at", "-pk"), "state": ("state", "filed_at")}


@login_required
def dispute_list(request, fmt: str = "html"):
    """The dispute queue: adjudicators and coordinators see every dispute, the reporter and the disputed vendor
    their own; filter by state, sort by age (oldest first by default)."""
    from redline.core.disclosure.dispute import DISPUTED_STATES, DisputeState

    now = timezone.now()
    state = request.GET.get("state", "open")
    sort = request.GET.get("sort", "age")
    if sort not in _DISPUTE_SORTS:
        sort = "age"
    qs = Dispute.objects.filter(policy.disputes_visible_filter(request.user)).select_related("report", "vendor")
    if state == "open":
        qs = qs.filter(state__in=[s.value for s in DISPUTED_STATES])
    elif state in DisputeState._value2member_map_:
        qs = qs.filter(state=state)
    else:
        state = ""
    rows = [{"dispute": d, "age_days": (now - d.filed_at).days, "waiting_for": _DISPUTE_WAITING.get(d.state, ""),
             "case_url": f"/cases/{d.report_id}/" if policy.can_view_report(request.user, d.report) else None}
            for d in qs.order_by(*_DISPUTE_SORTS[sort])[:200]]
    data = {"count": len(rows), "state": state or None, "sort": sort, "results": [
        {"id": r["dispute"].pk, "url": f"/disputes/{r['dispute'].pk}/", "case": r["dispute"].report.ref,
         "vendor": r["dispute"].vendor.slug, "state": r["dispute"].state, "disputed": r["dispute"].disputed,
         "filed_at": r["dispute"].filed_at.isoformat(), "age_days": r["age_days"],
         "waiting_for": r["waiting_for"]} for r in rows]}
    context = {"rows": rows, "state": state, "sort": sort, "states": [s.value for s in DisputeState],
               "adjudicator": policy.is_adjudicator(request.user), "json_url": json_url(request)}
    return page(request, "disclosure/dispute_list.html", context, data, fmt)


@login_required
def dispute_detail(request, pk: int, fmt: str = "html"):
    """A dispute's page and twin, for its parties only: the reporter, the vendor disputed, coordinators and
    adjudicators (404 for anyone else, another vendor on the case included)."""
    d = get_object_or_404(Dispute.objects.select_related("report", "vendor"), pk=pk)
    if not policy.can_view_dispute(request.user, d):
        raise Http404("no such dispute")
    if request.method == "POST":
        try:
            if request.POST.get("op") == "answer":
                services.answer_dispute(request.user, d, request.POST.get("answer", ""))
            else:
                services.dispute_event(request.user, d, request.POST.get("op", ""),
                                       outcome=request.POST.get("outcome", ""),
                                       rationale=request.POST.get("rationale", ""),
                                       grounds=request.POST.get("grounds", ""))
        except (InvalidInput, IllegalTransition) as exc:
            messages.error(request, str(exc))
        return redirect(f"/disputes/{d.pk}/")
    due = services.answer_due(d)
    data = serializers.dispute_detail(d, answer_due=due)
    context = {"dispute": d, "data": data, "can_decide": policy.can_decide_dispute(request.user, d),
               "can_answer": policy.can_answer_dispute(request.user, d) and d.disputed,
               "outcomes": services.OUTCOMES, "decision_waits": services.decision_refusal(d),
               "json_url": json_url(request)}
    return page(request, "disclosure/dispute_detail.html", context, data, fmt)
