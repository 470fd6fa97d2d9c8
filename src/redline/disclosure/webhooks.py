"""Webhook management for an organisation's admins: add (the secret is shown once), pause, remove, ping.

Every change lands in the ledger through the model's save signals; the secret never does.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from redline.accounts.models import Organisation
from redline.accounts.policy import Action, require
from redline.core.errors import InvalidInput
from redline.disclosure import notify
from redline.disclosure.models import Webhook

MAX_PER_ORG = 10


@transaction.atomic
def add_webhook(user, org: Organisation, url: str) -> tuple[Webhook, str]:
    """A new active webhook for ``org``; returns it and its signing secret (shown to the admin once)."""
    require(user, Action.MANAGE_WEBHOOKS, org, f"the webhooks of {org.slug}")
    url = (url or "").strip()
    if not url:
        raise InvalidInput("url", "give the address that should receive the POSTs")
    if len(url) > 200:
        raise InvalidInput("url", "at most 200 characters")
    problem = notify.url_problem(url)
    if problem:
        raise InvalidInput("url", f"{problem}")
    if org.disclosure_webhooks.count() >= MAX_PER_ORG:
        raise InvalidInput("url", f"an organisation has at most {MAX_PER_ORG} webhooks; remove one first")
    if org.disclosure_webhooks.filter(url=url).exists():
        raise InvalidInput("url", "this address is already a webhook of the organisation")
    secret = "whsec_" + secrets.token_urlsafe(32)
    return Webhook.objects.create(organisation=org, url=url, secret=secret), secret


def _hook(user, org: Organisation, pk: int) -> Webhook:
    require(user, Action.MANAGE_WEBHOOKS, org, f"the webhooks of {org.slug}")
    hook = org.disclosure_webhooks.filter(pk=pk).first()
    if hook is None:
        raise InvalidInput("webhook", f"no webhook {pk} in {org.slug}")
    return hook


@transaction.atomic
def set_active(user, org: Organisation, pk: int, active: bool) -> Webhook:
    hook = _hook(user, org, pk)
    hook.active = active
    hook.save()
    return hook


@transaction.atomic
def remove_webhook(user, org: Organisation, pk: int) -> str:
    hook = _hook(user, org, pk)
    url = hook.url
    hook.delete()
    return url


def ping(user, org: Organisation, pk: int) -> str:
    """POST a signed ``ping`` event now; returns the delivery status (also kept on the hook)."""
    hook = _hook(user, org, pk)
    return notify.post_webhook(hook, "ping", {"organisation": org.slug, "webhook_id": hook.pk})
