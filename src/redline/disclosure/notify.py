"""Notifications: e-mail through Django's backend and HMAC-SHA256-signed webhooks.

A webhook POST carries the JSON body and ``X-Redline-Signature: sha256=<hex>``,
the HMAC-SHA256 of the exact body bytes under the hook's secret; receivers
recompute it with :func:`sign` and compare in constant time. Webhooks never
reach non-public addresses (unless ``REDLINE_WEBHOOK_ALLOW_PRIVATE``) and never
follow redirects, so a hook cannot be used to probe the server's own network.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

SIGNATURE_HEADER = "X-Redline-Signature"
TIMEOUT_S = 3.0


def sign(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` of ``body`` under ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(sign(secret, body), header or "")


def url_problem(url: str) -> str | None:
    """Why a webhook may not POST to ``url`` (scheme, unresolvable or non-public host), or None."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "use an http:// or https:// address"
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return f"the host {parts.hostname} does not resolve"
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not ip.is_global:
            return (f"{parts.hostname} is a private, loopback or reserved address ({ip}); the operator may allow "
                    "the local network with REDLINE_WEBHOOK_ALLOW_PRIVATE")
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the 3xx it is: a public URL must not bounce the POST inside the network."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post_webhook(hook, event: str, payload: dict[str, Any]) -> str:
    """POST ``payload`` to ``hook``; returns a short status kept on the hook (errors are recorded, not raised)."""
    body = json.dumps({"event": event, **payload}, sort_keys=True, default=str).encode()
    request = urllib.request.Request(hook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", SIGNATURE_HEADER: sign(hook.secret, body),
        "User-Agent": "redline-webhook/1"})
    problem = url_problem(hook.url)
    try:
        if problem:
            status = f"refused: {problem}"[:100]
        else:
            with _OPENER.open(request, timeout=TIMEOUT_S) as response:
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


def report_received(report_ids: list[int]) -> int:
    """Tell each vendor on these new reports' cases (coordinators for the CSAM path): e-mail and webhook.

    The message names the case and its severity and links to it; it carries none of the report's
    content, which stays behind sign-in. Returns how many organisations were told.
    """
    from redline.accounts.models import Organisation
    from redline.disclosure.models import Report

    told = 0
    reports = Report.objects.filter(pk__in=report_ids).prefetch_related("case__participants__vendor")
    for report in reports:
        orgs = (list(Organisation.objects.filter(kind="coordinator")) if report.csam_path
                else [p.vendor for p in report.case.participants.all()])
        told += _tell(report, orgs)
    return told


def vendor_added(report_id: int, vendor_id: int) -> int:
    """Tell a vendor a coordinator added to a case, as :func:`report_received` tells the first ones."""
    from redline.accounts.models import Organisation
    from redline.disclosure.models import Report

    report = Report.objects.filter(pk=report_id).first()
    org = Organisation.objects.filter(pk=vendor_id).first()
    if report is None or org is None or not report.case.participants.filter(vendor=org).exists():
        return 0
    return _tell(report, [org])


def _tell(report, orgs) -> int:
    from redline.accounts.models import Membership, Role
    from redline.disclosure.models import Webhook

    told = 0
    link = f"{settings.SITE_URL}/cases/{report.pk}/"
    what = "a report on the CSAM path" if report.csam_path else f"a new {report.kind} report ({report.severity})"
    for org in orgs:
        recipients = list(Membership.objects.filter(organisation=org, role__in=[Role.TRIAGER, Role.ADMIN],
                                                    user__is_active=True).values_list("user__email", flat=True))
        email(recipients, f"[redline] {report.ref}: {what} for {org.name}",
              f"{report.ref} was submitted on {report.submitted_at:%Y-%m-%d %H:%M} UTC and names {org.name}.\n"
              f"Read and triage it here (sign-in needed; this message carries none of its content):\n\n"
              f"{link}\n\n— redline")
        payload = {"case": report.ref, "report_id": report.pk, "vendor": org.slug,
                   "kind": None if report.csam_path else report.kind,
                   "severity": None if report.csam_path else report.severity,
                   "submitted_at": report.submitted_at.isoformat(), "url": link}
        for hook in Webhook.objects.filter(organisation=org, active=True):
            post_webhook(hook, "report.received", payload)
        told += 1
    return told
