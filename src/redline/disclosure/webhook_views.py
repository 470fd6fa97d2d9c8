"""The webhook page of an organisation, for its admins: list, add, pause or resume, remove, send a ping."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from redline.accounts import policy
from redline.accounts.models import Organisation
from redline.core.errors import InvalidInput, PermissionDenied
from redline.disclosure import webhooks
from redline.http.forms import add_service_error


class WebhookForm(forms.Form):
    url = forms.CharField(label="Receiving URL", max_length=200,
                          help_text="An https:// address that accepts JSON POSTs signed with X-Redline-Signature")


@login_required
def webhook_list(request, org: str):
    organisation = get_object_or_404(Organisation, slug=org)
    if not policy.can(request.user, policy.Action.MANAGE_WEBHOOKS, organisation):
        raise PermissionDenied("only the organisation's admins manage its webhooks")
    form = WebhookForm(request.POST if request.POST.get("op") == "add" else None)
    new_secret = None
    if request.method == "POST":
        op, raw = request.POST.get("op", ""), request.POST.get("id", "")
        pk = int(raw) if raw.isdigit() else 0  # a missing or mangled id names no webhook: the service says so
        try:
            if op == "add":
                if form.is_valid():
                    hook, new_secret = webhooks.add_webhook(request.user, organisation, form.cleaned_data["url"])
                    messages.success(request, f"Webhook {hook.url} added. Copy its secret now: it is shown once.")
                    form = WebhookForm()
            elif op in ("pause", "resume"):
                hook = webhooks.set_active(request.user, organisation, pk, op == "resume")
                messages.success(request, f"Webhook {hook.url} {'resumed' if hook.active else 'paused'}.")
            elif op == "remove":
                messages.success(request, f"Webhook {webhooks.remove_webhook(request.user, organisation, pk)} removed.")
            elif op == "ping":
                messages.info(request, f"Ping sent: {webhooks.ping(request.user, organisation, pk)}.")
            else:
                messages.error(request, f"op: unknown action {op!r}")
        except InvalidInput as exc:
            if op == "add":
                add_service_error(form, exc)
            else:
                messages.error(request, str(exc))
        if new_secret is None and not form.errors:
            return redirect(request.path)
    context = {"org": organisation, "hooks": organisation.disclosure_webhooks.order_by("pk"), "form": form,
               "new_secret": new_secret}
    status = 400 if form.errors else 200
    return render(request, "disclosure/webhooks.html", context, status=status)
