"""CUE pages: browse, search, entry with history and linked records, proposals and decisions.

Views parse, authorise (through the policy), call a service and render; each public page has a JSON twin.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from redline.accounts.policy import can_maintain_cue
from redline.core.errors import InvalidInput, PermissionDenied
from redline.enumeration import forms, serializers, services
from redline.enumeration.history import FIELD_LABELS, version_history
from redline.enumeration.links import linked_records
from redline.enumeration.models import CueEntry, CueProposal, ProposalKind, ProposalState
from redline.http.forms import add_service_error
from redline.http.render import json_url, page


@require_GET
def entry_list(request, fmt: str = "html"):
    q = request.GET.get("q", "").strip()
    category = request.GET.get("category", "").strip()
    cat = services.catalogue()
    entries = list(services.search_entries(q, category))
    groups = [{"id": code, "label": label, "entries": [e for e in entries if e.category == code]}
              for code, label in cat.categories.items()]
    groups = [g for g in groups if g["entries"]]
    data = {"catalogue_version": cat.version, "q": q, "category": category or None, "count": len(entries),
            "categories": [{"id": g["id"], "label": g["label"], "count": len(g["entries"])} for g in groups],
            "results": [serializers.entry_summary(e) for e in entries]}
    context = {"groups": groups, "count": len(entries), "q": q, "category": category,
               "categories": cat.categories.items(), "catalogue": cat, "json_url": json_url(request),
               "unknown_category": bool(category) and category not in cat.categories}
    return page(request, "enumeration/entry_list.html", context, data, fmt)


@require_GET
def entry_detail(request, cue_id: str, fmt: str = "html"):
    entry = get_object_or_404(CueEntry, cue_id=cue_id)
    linked = linked_records(entry, request.user)
    cat = services.catalogue()
    context = {"entry": entry, "category_label": serializers.category_label(entry.category),
               "mappings": serializers.mappings(entry), "history": version_history(entry), "linked": linked,
               "actors": [(a, cat.threat_actors.get(a, "")) for a in entry.threat_actors],
               "tiers": [(t, cat.harm_tiers.get(t, "")) for t in entry.harm_tiers],
               "open_proposals": entry.proposals.filter(state=ProposalState.OPEN),
               "json_url": json_url(request)}
    return page(request, "enumeration/entry_detail.html", context, serializers.entry_detail(entry, linked), fmt)


def _propose(request, kind: str, target: CueEntry | None):
    initial = forms.EntryForm.initial_for(target) if target else None
    form = forms.EntryForm(request.POST or None, initial=initial, editing=target is not None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose(request.user, kind, form.entry_fields(), target=target,
                                        rationale=form.cleaned_data["rationale"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Proposal {proposal.pk} submitted; a maintainer will review it.")
            return redirect(proposal.get_absolute_url())
    title = f"Propose an edit of {target.cue_id}" if target else "Propose a new CUE entry"
    return render(request, "enumeration/propose.html", {"form": form, "title": title, "entry": target},
                  status=400 if request.method == "POST" else 200)


@login_required
def propose_new(request):
    return _propose(request, ProposalKind.NEW, None)


@login_required
def propose_edit(request, cue_id: str):
    return _propose(request, ProposalKind.EDIT, get_object_or_404(CueEntry, cue_id=cue_id))


@require_GET
def proposal_list(request, fmt: str = "html"):
    state = request.GET.get("state", "").strip()
    proposals = CueProposal.objects.select_related("target", "proposer", "decided_by")
    if state:
        if state not in ProposalState.values:
            raise Http404("no such proposal state")
        proposals = proposals.filter(state=state)
    data = {"count": proposals.count(), "results": [serializers.proposal_dict(p, request.user) for p in proposals]}
    context = {"proposals": proposals, "state": state, "states": ProposalState.choices,
               "json_url": json_url(request)}
    return page(request, "enumeration/proposal_list.html", context, data, fmt)


def _text(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def _proposal_context(request, proposal: CueProposal, form=None) -> dict:
    target = proposal.target
    rows = []
    for field, label in FIELD_LABELS.items():
        if field not in proposal.fields:
            continue
        rows.append({"field": field, "label": label, "value": _text(proposal.fields[field]),
                     "current": _text(getattr(target, field)) if target else None})
    return {"proposal": proposal, "rows": rows, "proposer": serializers.person(proposal.proposer, request.user),
            "decider": serializers.person(proposal.decided_by, request.user),
            "can_decide": can_maintain_cue(request.user) and proposal.state == ProposalState.OPEN,
            "form": form or forms.DecisionForm(), "json_url": json_url(request)}


@require_GET
def proposal_detail(request, pk: int, fmt: str = "html"):
    proposal = get_object_or_404(CueProposal.objects.select_related("target", "proposer", "decided_by"), pk=pk)
    return page(request, "enumeration/proposal_detail.html", _proposal_context(request, proposal),
                serializers.proposal_dict(proposal, request.user), fmt)


@require_POST
@login_required
def proposal_decide(request, pk: int):
    proposal = get_object_or_404(CueProposal, pk=pk)
    if not can_maintain_cue(request.user):
        raise PermissionDenied()
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                entry = services.accept(request.user, proposal, form.cleaned_data["reason"])
                messages.success(request, f"Proposal {proposal.pk} accepted: {entry.cue_id} version {entry.version}.")
            else:
                services.reject(request.user, proposal, form.cleaned_data["reason"])
                messages.success(request, f"Proposal {proposal.pk} rejected.")
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            if request.htmx:
                proposal.refresh_from_db()
                return render(request, "enumeration/_decision.html", _proposal_context(request, proposal))
            return redirect(proposal.get_absolute_url())
    proposal.refresh_from_db()
    template = "enumeration/_decision.html" if request.htmx else "enumeration/proposal_detail.html"
    return render(request, template, _proposal_context(request, proposal, form), status=400)
