"""Commitment pages: list, detail with versions, diffs, comments and approvals; forms; Atom feed; plot."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET, require_POST

from redline.accounts.policy import Action, can, visible_filter
from redline.commitments import forms, services
from redline.commitments.models import Comment, Commitment, CommitmentVersion, ReviewerKey
from redline.commitments.pages import commitment_sections, merged
from redline.commitments.sections import visible_versions
from redline.commitments.serializers import commitment_dict
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.http.forms import add_service_error, lines
from redline.http.render import json_url, page
from redline.registry.lookups import visible_model


def _commitment_or_404(request, pk: int) -> Commitment:
    commitment = get_object_or_404(Commitment.objects.select_related("model__organisation"), pk=pk)
    if not can(request.user, Action.VIEW, commitment) or not visible_versions(commitment, request.user).exists():
        raise Http404("no such commitment")
    return commitment






@require_GET
def commitment_list(request, fmt: str = "html"):
    qs = Commitment.objects.filter(visible_filter(request.user, "model__")).select_related("model__organisation")
    state = request.GET.get("state")
    rows = []
    for c in qs.order_by("model__organisation__name", "model__name", "name"):
        versions = list(visible_versions(c, request.user))
        if not versions or (state and not any(v.state == state for v in versions)):
            continue
        current = next((v for v in versions if v.state == "in_force"), None)
        rows.append({"id": c.pk, "url": c.get_absolute_url(), "model": c.model.full_slug, "model_name": c.model.name,
                     "kind": c.kind, "name": c.name, "latest_state": versions[0].state,
                     "latest_version": versions[0].number, "in_force_version": current.number if current else None,
                     "weakened": any(ch["flagged"] for ch in services.version_changes(versions[0]))})
    return page(request, "commitments/list.html", {"rows": rows, "json_url": json_url(request), "state": state},
                {"count": len(rows), "results": rows}, fmt)


@require_GET
def commitment_detail(request, pk: int, fmt: str = "html"):
    commitment = _commitment_or_404(request, pk)
    data = commitment_dict(commitment, request.user)
    versions = list(visible_versions(commitment, request.user))
    user = request.user
    context = {
        "c": commitment, "data": data, "versions": zip(versions, data["versions"], strict=True),
        "can_edit": can(user, Action.UPDATE, commitment), "can_moderate": can(user, Action.TRIAGE, commitment),
        "comment_form": forms.CommentForm(), "approval_form": forms.ApprovalForm(), "propose_form": forms.ProposeForm(),
        "hide_form": forms.HideForm(), "json_url": json_url(request),
        "is_reviewer": _is_reviewer(user, commitment),
    }
    sections = commitment_sections(commitment, user)
    context["sections"] = sections
    data = {**data, **merged(sections)}
    return page(request, "commitments/detail.html", context, data, fmt)


def _is_reviewer(user, commitment) -> bool:
    try:
        services.reviewer_org_for(user, commitment.model)
    except PermissionDenied:
        return False
    return True


@require_GET
def version_spec(request, pk: int):
    """Exactly the object reviewers sign (feed it to ``redline reviewer sign``)."""
    version = get_object_or_404(CommitmentVersion.objects.select_related("commitment__model"), pk=pk)
    if not visible_versions(version.commitment, request.user).filter(pk=pk).exists() or not can(
            request.user, Action.VIEW, version):
        raise Http404("no such version")
    return JsonResponse(version.spec, json_dumps_params={"ensure_ascii": False, "sort_keys": True})


_ACTIONS = {"propose", "withdraw", "approve", "reject", "enter", "comment"}


@require_POST
def version_action(request, pk: int, action: str):
    version = get_object_or_404(CommitmentVersion.objects.select_related("commitment__model__organisation"), pk=pk)
    commitment = _commitment_or_404(request, version.commitment_id)
    if action not in _ACTIONS:
        raise Http404("no such action")
    if action != "comment" and not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={commitment.get_absolute_url()}")
    try:
        if action == "propose":
            form = forms.ProposeForm(request.POST)
            days = form.cleaned_data["comment_days"] if form.is_valid() else -1
            services.propose(request.user, version, comment_days=days)
            messages.success(request, f"Version {version.number} proposed; the comment period is open.")
        elif action == "withdraw":
            services.withdraw(request.user, version)
            messages.success(request, "Proposal withdrawn to draft.")
        elif action == "approve":
            services.approve(request.user, version, signature=request.POST.get("signature", ""))
            messages.success(request, "Your signed approval is recorded.")
        elif action == "reject":
            services.reject(request.user, version)
            messages.success(request, "Proposal rejected back to draft.")
        elif action == "enter":
            services.enter_into_force(request.user, version)
            messages.success(request, f"Version {version.number} is in force.")
        else:
            form = forms.CommentForm(request.POST)
            if not form.is_valid():
                raise InvalidInput("body", "" + "; ".join(e for errs in form.errors.values() for e in errs))
            services.add_comment(request.user, version, form.cleaned_data["body"],
                                 author_name=form.cleaned_data["author_name"])
            messages.success(request, "Comment posted.")
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, str(exc))
    return redirect(commitment.get_absolute_url())


@login_required
@require_POST
def comment_hide(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("version__commitment"), pk=pk)
    commitment = _commitment_or_404(request, comment.version.commitment_id)
    try:
        services.hide_comment(request.user, comment, request.POST.get("reason", ""))
        messages.success(request, "Comment hidden.")
    except InvalidInput as exc:
        messages.error(request, str(exc))
    return redirect(commitment.get_absolute_url())


def _commitment_input(data: dict) -> tuple[dict, list[str]]:
    spec = {k: v for k, v in data.items() if k not in ("kind", "required_approvals", "rationale", "safeguards",
                                                       "threat_profile")}
    return spec, lines(data.get("safeguards", ""))


@login_required
def commitment_new(request, org: str, slug: str):
    model = visible_model(request.user, org, slug, Action.UPDATE)
    profiles = list(model.threat_profiles.all())
    form = forms.CommitmentForm(request.POST or None, profiles=profiles)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        spec, safeguards = _commitment_input(data)
        profile = next((p for p in profiles if p.pk == data.get("threat_profile")), None)
        try:
            version = services.create_commitment(request.user, model, data["kind"], data["name"], spec,
                                                 safeguards=safeguards, threat_profile=profile,
                                                 required_approvals=data["required_approvals"],
                                                 rationale=data.get("rationale", ""))
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Draft saved. Propose it to open the public comment period.")
            return redirect(version.commitment.get_absolute_url())
    return render(request, "commitments/form.html", {"form": form, "model": model, "title": "New commitment"},
                  status=400 if request.method == "POST" else 200)


@login_required
def commitment_new_version(request, pk: int):
    commitment = _commitment_or_404(request, pk)
    if not can(request.user, Action.UPDATE, commitment):
        raise PermissionDenied()
    latest = commitment.latest()
    initial = {**latest.spec, "kind": commitment.kind, "required_approvals": commitment.required_approvals,
               "safeguards": "\n".join(latest.spec.get("safeguards") or [])}
    form = forms.CommitmentForm(request.POST or None, initial=initial, profiles=list(commitment.model.threat_profiles.all()))
    if request.method == "POST" and form.is_valid():
        spec, safeguards = _commitment_input(dict(form.cleaned_data))
        try:
            services.new_version(request.user, commitment, spec, safeguards=safeguards,
                                 rationale=form.cleaned_data.get("rationale", ""))
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "New draft version saved; earlier versions are unchanged.")
            return redirect(commitment.get_absolute_url())
    return render(request, "commitments/form.html",
                  {"form": form, "model": commitment.model, "title": f"New version of {commitment.name}"},
                  status=400 if request.method == "POST" else 200)


@login_required
def threat_profile_new(request, org: str, slug: str):
    model = visible_model(request.user, org, slug, Action.UPDATE)
    form = forms.ThreatProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.create_threat_profile(request.user, model, cue_id=data.pop("cue_id"), **data)
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Threat profile recorded.")
            return redirect(model.get_absolute_url())
    return render(request, "commitments/form.html", {"form": form, "model": model, "title": "New threat profile"},
                  status=400 if request.method == "POST" else 200)


@login_required
def reviewer_keys(request):
    form = forms.KeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = services.register_key(request.user, form.cleaned_data["public_key"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:  # the page is open to every signed-in user; say who may register
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Key {key.fingerprint} registered; earlier keys are revoked.")
            return redirect("commitments:keys")
    keys = ReviewerKey.objects.filter(user=request.user).select_related("organisation")
    return render(request, "commitments/keys.html", {"form": form, "keys": keys},
                  status=400 if request.method == "POST" else 200)


class CommitmentFeed(Feed):
    """Atom feed of commitment versions on public models; weakening changes are flagged in the title."""

    feed_type = Atom1Feed
    title = "redline: commitment changes"
    link = "/commitments/"
    subtitle = "New versions of risk thresholds and red lines, with their diffs; weakenings are flagged."

    def items(self):
        from redline.accounts.models import Visibility

        return (CommitmentVersion.objects.filter(commitment__model__visibility=Visibility.PUBLIC)
                .exclude(state="draft").select_related("commitment__model__organisation").order_by("-created_at")[:50])

    def item_title(self, item):
        flag = "WEAKENING: " if any(c["flagged"] for c in services.version_changes(item)) else ""
        return f"{flag}{item.commitment.model.full_slug}: {item.commitment.name} v{item.number} ({item.state})"

    def item_description(self, item):
        changes = services.version_changes(item)
        if not changes:
            return f"First version. {item.rationale}".strip()
        parts = [f"{c['field']}: {c['old']} → {c['new']} ({c['effect']}{'; flagged' if c['flagged'] else ''})"
                 for c in changes]
        return "; ".join(parts) + (f". Rationale: {item.rationale}" if item.rationale else "")

    def item_link(self, item):
        return item.commitment.get_absolute_url() + f"#v{item.number}"

    def item_updateddate(self, item):
        return item.superseded_at or item.in_force_at or item.approved_at or item.proposed_at or item.created_at

    def item_pubdate(self, item):
        return item.created_at


class ModelCommitmentFeed(CommitmentFeed):
    """The same feed for one model (public models only, like the site-wide feed)."""

    def get_object(self, request, org: str, slug: str):
        from redline.accounts.models import Visibility

        model = visible_model(request.user, org, slug)
        if model.visibility != Visibility.PUBLIC:
            raise Http404("feeds carry public models only")
        return model

    def title(self, obj):
        return f"redline: commitment changes for {obj.full_slug}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (CommitmentVersion.objects.filter(commitment__model=obj).exclude(state="draft")
                .select_related("commitment__model__organisation").order_by("-created_at")[:50])
