"""Sign-in and -up, account settings with API tokens, invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from redline.accounts import services
from redline.accounts.forms import RateLimitedLoginForm, SignUpForm, TokenForm
from redline.accounts.models import ApiToken
from redline.core.errors import InvalidInput, PermissionDenied
from redline.http.forms import add_service_error


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
        return redirect("accounts:settings")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(form.cleaned_data["email"], form.cleaned_data["password"],
                                    form.cleaned_data["display_name"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to redline. A welcome e-mail is on its way.")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
                target = "accounts:settings"  # never an open redirect to another site
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
