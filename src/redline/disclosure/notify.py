"""Notifications: e-mail through Django's backend and HMAC-SHA256-signed webhooks.

A webhook POST carries the JSON body and ``X-Redline-Signature: sha256=<hex>``,
the HMAC-SHA256 of the exact body bytes under the hook's secret; receivers
recompute it with :func:`sign` and compare in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from django.core.mail import send_mail

SIGNATURE_HEADER = "X-Redline-Signature"
TIMEOUT_S = 3.0


def sign(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` of ``body`` under ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(sign(secret, body), header or "")


def post_webhook(hook, event: str, payload: dict[str, Any]) -> str:
    """POST ``payload`` to ``hook``; returns a short status kept on the hook (errors are recorded, not raised)."""
    body = json.dumps({"event": event, **payload}, sort_keys=True, default=str).encode()
    request = urllib.request.Request(hook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", SIGNATURE_HEADER: sign(hook.secret, body),
        "User-Agent": "redline-webhook/1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (URL set by an org admin)
            status = f"{response.status}"
    except urllib.error.HTTPError as exc:
        status = f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        status = f"failed: {exc}"[:100]
    hook.last_status = status
    hook.save(update_fields=["last_status"])
    return status


def email(recipients: list[str], subject: str, text: str) -> int:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    return send_mail(subject=subject, message=text, from_email=None, recipient_list=recipients)
