"""Sign-in and -up, account settings with API tokens, invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from redline.accounts import onboarding, services
from redline.accounts.forms import (
    DecideRequestForm,
    OrganisationForm,
    PasswordChangeForm,
    RateLimitedLoginForm,
    SignUpForm,
    TokenForm,
)
from redline.accounts.models import ApiToken, Organisation, OrganisationRequest
from redline.accounts.policy import is_coordinator
from redline.core.errors import InvalidInput, PermissionDenied
from redline.http.forms import add_service_error
from redline.http.render import json_url, page


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = RateLimitedLoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 429 if form.has_error("__all__", "rate_limited") else 400
        return response


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(form.cleaned_data["email"], form.cleaned_data["password"],
                                    form.cleaned_data["display_name"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to redline. We sent a link to {user.email}: open it to confirm "
                                      "the address (needed before you create an organisation).")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
                target = "dashboard"  # never an open redirect to another site
            return redirect(target)
    return render(request, "accounts/signup.html", {"form": form}, status=400 if request.method == "POST" else 200)


@login_required
def account_settings(request):
    from redline.accounts.forms import ProfileForm
    from redline.http.timezones import zone_names

    profile_post = request.method == "POST" and "profile" in request.POST
    user = request.user
    profile = ProfileForm(request.POST if profile_post else None,
                          initial={"display_name": user.display_name, "time_zone": user.time_zone})
    if profile_post:
        if profile.is_valid():
            user.display_name = profile.cleaned_data["display_name"].strip()
            user.time_zone = profile.cleaned_data["time_zone"]
            user.save(update_fields=["display_name", "time_zone"])
            messages.success(request, "Your profile is saved: pages now show times in "
                                      f"{user.time_zone or 'your browser’s zone'}, with UTC beside.")
            return redirect("accounts:settings")
    form = TokenForm(None if profile_post else (request.POST or None))
    new_token = None
    if request.method == "POST" and not profile_post and form.is_valid():
        try:
            _, new_token = services.create_token(request.user, form.cleaned_data["name"], form.cleaned_data["scope"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            form = TokenForm()
    context = {"form": form, "new_token": new_token, "tokens": request.user.api_tokens.all(),
               "memberships": request.user.memberships.select_related("organisation"),
               "org_requests": request.user.organisation_requests.all()[:20],
               "profile": profile, "zones": zone_names()}
    status = 400 if request.method == "POST" and (form.errors or profile.errors) else 200
    return render(request, "accounts/settings.html", context, status=status)


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(request.user, token)
    messages.success(request, f"Token '{token.name}' revoked.")
    return redirect("accounts:settings")


def invitation(request, code: str):
    try:
        inv = services.find_invitation(code)
    except InvalidInput as exc:
        return render(request, "accounts/invitation.html", {"error": str(exc).partition(": ")[2]}, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        try:
            membership = services.accept_invitation(code, request.user)
        except (InvalidInput, PermissionDenied) as exc:
            return render(request, "accounts/invitation.html", {"invitation": inv, "error": str(exc)}, status=403)
        messages.success(request, f"You joined {membership.organisation.name} as {membership.role}.")
        return redirect("registry:org", org=membership.organisation.slug)
    return render(request, "accounts/invitation.html", {"invitation": inv})


# --- password, e-mail verification -----------------------------------------------------------


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding.change_password(request.user, form.cleaned_data["old_password"],
                                       form.cleaned_data["new_password1"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # stay signed in here; other sessions end
            messages.success(request, "Your password is changed. Other devices signed in as you are signed out.")
            return redirect("accounts:settings")
    return render(request, "accounts/password_change.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def verify_email(request, token: str):
    """The link in the e-mail: GET asks to confirm (link scanners must not confirm), POST confirms."""
    try:
        user = onboarding.user_for_token(token)
    except InvalidInput as exc:
        return render(request, "accounts/verify_email.html", {"error": exc.message}, status=400)
    if request.method == "POST":
        onboarding.verify_email(token)
        messages.success(request, f"Thank you: {user.email} is confirmed.")
        return redirect("dashboard" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/verify_email.html", {"email": user.email, "done": user.email_verified})


@login_required
@require_POST
def resend_verification(request):
    try:
        onboarding.send_verification(request.user)
    except InvalidInput as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, f"A new confirmation link is on its way to {request.user.email}.")
    return redirect("accounts:settings")


# --- organisations -----------------------------------------------------------------------------


@login_required
def organisation_new(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = onboarding.create_or_request(request.user, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            if isinstance(made, Organisation):
                messages.success(request, f"{made.name} is created and you are its admin.")
                return redirect("registry:org", org=made.slug)
            messages.success(request, f"Your request for {made.name} ({made.get_kind_display()}) waits for a "
                                      "coordinator's approval; you will see the answer in your account settings.")
            return redirect("accounts:settings")
    return render(request, "accounts/organisation_new.html",
                  {"form": form, "verified": request.user.email_verified or request.user.is_staff},
                  status=400 if request.method == "POST" else 200)


def _request_data(r: OrganisationRequest) -> dict:
    return {"id": r.pk, "name": r.name, "slug": r.slug, "kind": r.kind, "description": r.description,
            "website": r.website, "requested_by": r.requested_by.email, "requested_at": r.requested_at.isoformat(),
            "state": r.state, "reason": r.reason, "decided_at": r.decided_at and r.decided_at.isoformat(),
            "organisation_url": f"/orgs/{r.organisation.slug}/" if r.organisation_id else None}


@login_required
def organisation_requests(request, fmt: str = "html"):
    """The coordinators' queue of organisation requests (pending first, then the latest decided)."""
    if not is_coordinator(request.user):
        raise PermissionDenied("only coordinators see organisation requests")
    pending = list(onboarding.pending_requests().order_by("requested_at"))
    decided = list(OrganisationRequest.objects.exclude(state="pending").select_related(
        "requested_by", "organisation").order_by("-decided_at")[:20])
    data = {"pending": [_request_data(r) for r in pending], "decided": [_request_data(r) for r in decided]}
    context = {"pending": pending, "decided": decided, "form": DecideRequestForm(), "json_url": json_url(request)}
    return page(request, "accounts/organisation_requests.html", context, data, fmt)


@login_required
@require_POST
def organisation_request_decide(request, pk: int):
    org_request = get_object_or_404(OrganisationRequest, pk=pk)
    if not is_coordinator(request.user):
        raise PermissionDenied("only coordinators decide organisation requests")
    form = DecideRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject.")
        return redirect("accounts:org-requests")
    try:
        done = onboarding.decide_request(request.user, org_request, form.cleaned_data["decision"] == "approve",
                                         form.cleaned_data["reason"])
    except InvalidInput as exc:
        messages.error(request, f"{org_request.name}: {exc.message}")
    else:
        messages.success(request, f"{done.name}: {done.state}.")
    return redirect("accounts:org-requests")
