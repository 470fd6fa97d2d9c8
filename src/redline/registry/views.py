"""Registry pages: organisations, models, scope statements, deployments, card import.

Views parse, authorise (through the policy), call a service and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from redline.accounts import services as account_services
from redline.accounts.models import Membership, Organisation
from redline.accounts.policy import Action, can, visible_filter
from redline.core.errors import InvalidInput, PermissionDenied
from redline.http.forms import add_service_error
from redline.http.render import json_url, page
from redline.registry import forms, pages, services
from redline.registry.lookups import visible_model
from redline.registry.models import AIModel, Modality
from redline.registry.serializers import model_detail as model_detail_dict
from redline.registry.serializers import model_summary, org_summary
from redline.registry.serializers import org_detail as org_detail_dict

PAGE_SIZE = 25


def visible_models(user):
    """The models ``user`` may see, for lists (large card columns deferred)."""
    return AIModel.objects.filter(visible_filter(user)).select_related("organisation").listed()


def _creatable_orgs(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


@require_GET
def org_list(request, fmt: str = "html"):
    orgs = Organisation.objects.all()
    kind = request.GET.get("kind")
    if kind:
        orgs = orgs.filter(kind=kind)
    data = {"count": orgs.count(), "results": [org_summary(o) for o in orgs]}
    return page(request, "registry/org_list.html", {"orgs": orgs, "json_url": json_url(request)}, data, fmt)


@require_GET
def org_detail(request, org: str, fmt: str = "html"):
    organisation = get_object_or_404(Organisation, slug=org)
    models = visible_models(request.user).filter(organisation=organisation)
    is_member = can(request.user, Action.CREATE, organisation)
    members = (Membership.objects.filter(organisation=organisation).select_related("user")
               if is_member else Membership.objects.none())
    data = {**org_detail_dict(organisation), "models": [model_summary(m) for m in models]}
    context = {"org": organisation, "models": models, "members": members, "is_member": is_member,
               "can_invite": can(request.user, Action.MANAGE_MEMBERS, organisation),
               "invite_form": forms.InviteForm(), "json_url": json_url(request)}
    context["sections"] = pages.org_sections(organisation, request.user)
    for key, value in pages.merged(context["sections"]).items():  # the JSON twin carries the sections too
        data.setdefault(key, value)
    return page(request, "registry/org_detail.html", context, data, fmt)


@login_required
def org_invite(request, org: str):
    organisation = get_object_or_404(Organisation, slug=org)
    if not can(request.user, Action.MANAGE_MEMBERS, organisation):
        raise PermissionDenied()
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, code = account_services.invite(request.user, organisation, form.cleaned_data["email"],
                                                       form.cleaned_data["role"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("registry:org", org=organisation.slug)
    return render(request, "registry/invite.html", {"org": organisation, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
def model_list(request, fmt: str = "html"):
    models = visible_models(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        models = models.filter(Q(name__icontains=q) | Q(summary__icontains=q) | Q(base_model__icontains=q))
    for param, field in (("org", "organisation__slug"), ("modality", "modality"), ("licence", "licence")):
        value = request.GET.get(param)
        if value:
            models = models.filter(**{field: value})
    paginator = Paginator(models.order_by("organisation__name", "name"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    data = {"count": paginator.count, "page": page_obj.number, "pages": paginator.num_pages,
            "results": [model_summary(m) for m in page_obj]}
    context = {"page_obj": page_obj, "q": q, "modalities": Modality.choices,
               "organisations": Organisation.objects.filter(kind="developer"), "filters": request.GET,
               "json_url": json_url(request)}
    return page(request, "registry/model_list.html", context, data, fmt)


@require_GET
def model_detail(request, org: str, slug: str, fmt: str = "html"):
    model = visible_model(request.user, org, slug)
    context = {"model": model, "scopes": model.scope_statements.order_by("-version"),
               "deployments": model.deployments.all(), "can_edit": can(request.user, Action.UPDATE, model),
               "can_edit_chain": services.can_edit_supply_chain(request.user, model), "json_url": json_url(request)}
    if fmt != "json":  # the sections have their own JSON twin, risk.json
        context["sections"] = pages.model_sections(model, request.user)
    return page(request, "registry/model_detail.html", context, model_detail_dict(model), fmt)


@require_GET
def model_sections_json(request, org: str, slug: str):
    """JSON twin of the sections other apps add to the model page (threat profiles, red lines, gate, …)."""
    model = visible_model(request.user, org, slug)
    data = {"model": model.full_slug, **pages.merged(pages.model_sections(model, request.user))}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def model_card_raw(request, org: str, slug: str):
    model = visible_model(request.user, org, slug)
    if not model.card_raw:
        raise Http404("no model card was imported")
    return HttpResponse(model.card_raw, content_type="text/markdown; charset=utf-8")


@login_required
def model_create(request):
    orgs = _creatable_orgs(request.user)
    form = forms.NewModelForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = data.pop("organisation")
        try:
            model = services.create_model(request.user, org, **data)
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Model {model.full_slug} created.")
            return redirect(model.get_absolute_url())
    return render(request, "registry/model_form.html", {"form": form, "title": "New model"},
                  status=400 if request.method == "POST" else 200)


@login_required
def model_edit(request, org: str, slug: str):
    model = visible_model(request.user, org, slug, Action.UPDATE)
    initial = {f: getattr(model, f) for f in services.MODEL_FIELDS}
    initial["links"] = "\n".join(link.get("href", "") for link in model.links)
    form = forms.ModelForm(request.POST or None, initial=initial)
    # The supply chain is the organisation's admins' to write (issue 16); members see only the model's fields.
    chain = (forms.SupplyChainForm(request.POST or None, initial=forms.SupplyChainForm.initial_for(model),
                                   prefix="sc")
             if services.can_edit_supply_chain(request.user, model) else None)
    if request.method == "POST" and form.is_valid() and (chain is None or chain.is_valid()):
        try:
            with transaction.atomic():
                services.update_model(request.user, model, **form.cleaned_data)
                if chain is not None:
                    services.update_supply_chain(request.user, model, **chain.fields_for_service())
        except InvalidInput as exc:
            field = exc.field.split("[")[0].split(".")[0]
            target = chain if chain is not None and field in chain.fields else form
            add_service_error(target, exc, default=field if field in target.fields else None)
        else:
            messages.success(request, "Model updated.")
            return redirect(model.get_absolute_url())
    return render(request, "registry/model_form.html",
                  {"form": form, "supply_chain_form": chain, "title": f"Edit {model.name}", "model": model},
                  status=400 if request.method == "POST" else 200)


@login_required
def card_import(request):
    orgs = _creatable_orgs(request.user)
    form = forms.CardImportForm(request.POST or None, request.FILES or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["organisation"]
        try:
            model, info, created = services.import_hf_card(
                request.user, org, form.cleaned_data["card"], slug=form.cleaned_data["slug"],
                source=request.FILES["card"].name)
        except InvalidInput as exc:
            form.add_error("card" if "slug:" not in str(exc) else "slug", str(exc))
        else:
            for warning in info.warnings:
                messages.warning(request, f"Imported with a warning: {warning}")
            messages.success(request, f"Model card {'imported' if created else 're-imported'} into {model.full_slug}.")
            return redirect(model.get_absolute_url())
    return render(request, "registry/card_import.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def scope_add(request, org: str, slug: str):
    model = visible_model(request.user, org, slug, Action.UPDATE)
    latest = model.scope_statements.order_by("-version").first()
    initial = {}
    if latest:
        initial = {"intended_use": latest.intended_use, "stated_limits": latest.stated_limits,
                   "claims": "\n".join(c["claim"] + (f" | {c['rate']}" if c.get("rate") is not None else "")
                                       for c in latest.claims)}
    form = forms.ScopeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scope = services.add_scope_statement(request.user, model, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Scope statement version {scope.version} recorded.")
            return redirect(model.get_absolute_url())
    return render(request, "registry/scope_form.html", {"form": form, "model": model},
                  status=400 if request.method == "POST" else 200)


@login_required
def deployment_add(request, org: str, slug: str):
    model = visible_model(request.user, org, slug, Action.UPDATE)
    form = forms.DeploymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_deployment(request.user, model, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Deployment recorded.")
            return redirect(model.get_absolute_url())
    return render(request, "registry/deployment_form.html", {"form": form, "model": model},
                  status=400 if request.method == "POST" else 200)
