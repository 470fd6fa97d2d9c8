"""Sign-up, sign-in (rate limited) and token forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from redline.accounts import ratelimit
from redline.accounts.models import OrgKind, TokenScope, User


def normalise_email(raw: object) -> str:
    """The address as sign-in reads it (spaces stripped, case folded), so padding it counts as the same key."""
    return str(raw or "").strip().casefold()


class RateLimitedLoginForm(AuthenticationForm):
    """Django's sign-in form, refusing after too many failures for this IP and account."""

    username = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autofocus": True,
                                                                                       "autocomplete": "email"}))

    def clean(self):
        ip = ratelimit.client_ip(self.request)
        ident = f"{ip}|{normalise_email(self.data.get('username'))}"
        if (ratelimit.is_blocked("login", ident, settings.LOGIN_FAILURE_LIMIT)
                or ratelimit.is_blocked("login-ip", ip, settings.LOGIN_FAILURE_LIMIT_PER_IP)):
            raise forms.ValidationError("Too many failed sign-in attempts. Wait a few minutes and try again.",
                                        code="rate_limited")
        try:
            data = super().clean()
        except forms.ValidationError:
            ratelimit.note_failure("login", ident)
            ratelimit.note_failure("login-ip", ip)
            raise
        ratelimit.clear("login", ident)
        return data


class SignUpForm(forms.Form):
    email = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    display_name = forms.CharField(max_length=120, required=False, label="Display name")
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="At least 10 characters, not a common password")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("an account with this e-mail address already exists")
        return email

    def clean(self):
        data = super().clean()
        if data.get("password"):
            try:
                password_validation.validate_password(
                    data["password"], User(email=data.get("email", ""), display_name=data.get("display_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. 'CI release gate'")
    scope = forms.ChoiceField(choices=TokenScope.choices, initial=TokenScope.READ)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="Current password", widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label="New password", widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), help_text="At least 10 characters, not a common password")
    new_password2 = forms.CharField(label="New password again", widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", "the two new passwords differ")
        return data


KIND_HELP = ("Developer and research organisations are created at once. Independent reviewers, adjudication "
             "panels, regulators and coordinators carry trust on redline, so a coordinator checks and approves "
             "them first.")


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=OrgKind.choices, initial=OrgKind.DEVELOPER, help_text=KIND_HELP)
    slug = forms.SlugField(max_length=80, required=False, label="Short name",
                           help_text="Used in the address /orgs/SHORT-NAME/; made from the name when left empty")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    website = forms.URLField(required=False, assume_scheme="https")


class DecideRequestForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             help_text="Required when rejecting; the requester sees it")


class ProfileForm(forms.Form):
    """How others see you (your display name; never your address) and the zone your pages show times in."""

    display_name = forms.CharField(max_length=120, required=False,
                                   help_text="Shown to others instead of your e-mail address")
    time_zone = forms.CharField(max_length=64, required=False, label="Time zone",
                                help_text="An IANA zone such as Europe/Berlin; empty: your browser's zone "
                                          "(UTC without JavaScript). UTC is always shown beside.",
                                widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}))

    def clean_time_zone(self) -> str:
        from redline.http.timezones import valid_zone

        name = self.cleaned_data["time_zone"].strip()
        if name and not valid_zone(name):
            raise forms.ValidationError(f"{name!r} is not a time zone name; try one like Europe/Berlin or UTC")
        return name
