"""``redline bench cases``: a case with 150 vendors and 1,000 messages renders its page fast.

VINCE's users report a 121-vendor case that became unusable (100+ messages in one thread, 10 s page
loads). A child process migrates a temporary SQLite database, stores one case with ``vendors`` vendors
(every kind of status among them) and ``messages`` messages spread over the case-wide thread and the
vendors' threads (rows written in bulk: the figure is the page, not the seeding), and renders the case
page — the default page of at most 50 messages and every vendor's status — through Django's test
client, once cold and ``repeat`` times warm, as a coordinator and as one vendor's triager. Targets
(issue 12): p95 under 1 s and at most 40 queries per page, for both viewers.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from typing import Any

COORDINATOR = "coordinator@bench.test"
VENDOR = "triager@vendor-000.bench.test"  # the first vendor's triager (the prefix replaces "vendor")
TARGET_P95_S = 1.0
TARGET_QUERIES = 40


def seed_case(vendors: int, messages: int, *, now=None, prefix: str = "vendor"):
    """One case with ``vendors`` participations and ``messages`` messages; returns (report, coordinator,
    the triager of the first vendor); ``prefix`` keeps several cases' organisations apart. Vendor ``k`` is received, acknowledged, accepted, fixed or not
    affected by ``k % 5``; every third silent vendor is past its acknowledge deadline."""
    from django.utils import timezone

    from redline.accounts.models import Membership, Organisation, User
    from redline.disclosure.intake import Submission, ensure_terms, submit_report
    from redline.disclosure.models import Message, Participant
    from redline.registry.models import AIModel

    now = now or timezone.now()
    orgs = Organisation.objects.bulk_create([
        Organisation(slug=f"{prefix}-{k:03d}", name=f"{prefix.title()} {k:03d}", kind="developer")
        for k in range(vendors)])
    centre = Organisation.objects.create(slug=f"{prefix}-centre", name="Bench Coordination", kind="coordinator")
    model = AIModel.objects.create(organisation=orgs[0], slug="model-0", name="Model 0")
    coordinator = User.objects.create_user(email=COORDINATOR.replace("@", f"@{prefix}."), password="x")
    triager = User.objects.create_user(email=VENDOR.replace("vendor-000", f"{prefix}-000"), password="x")
    Membership.objects.bulk_create([Membership(user=coordinator, organisation=centre, role="triager"),
                                    Membership(user=triager, organisation=orgs[0], role="triager")])
    terms = ensure_terms()
    report = submit_report(Submission(title="One prompt bypasses every vendor's filter",
                                      description="A shared preprocessing library lets one prompt through.",
                                      models=[f"{orgs[0].slug}/{model.slug}"],
                                      accepted_terms=terms.version)).report
    case = report.case
    opened = now - timedelta(days=3)
    rows = []
    for k, org in enumerate(orgs[1:], start=1):
        state, flags, acked = [("received", "", None), ("received", "V", opened), ("accepted", "V", opened),
                               ("accepted", "VF", opened), ("invalid", "V", opened)][k % 5]
        received = opened - timedelta(days=10) if k % 15 == 0 else opened  # past a 5-day acknowledge deadline
        rows.append(Participant(case=case, vendor=org, state=state, flags=flags, received_at=received,
                                acknowledged_at=acked, triaged_at=acked if state != "received" else None,
                                fix_ready_at=acked if "F" in flags else None, ever_accepted=state == "accepted"))
    Participant.objects.bulk_create(rows)
    authors = [org for org in orgs]
    msgs = []
    for i in range(messages):
        vendor = None if i % 3 == 0 else authors[i % len(authors)]
        if i % 10 == 1:
            vendor = orgs[0]  # the first vendor's own thread runs past one page too
        msgs.append(Message(report=report, author_label=f"Author {i % 7} ({vendor.name if vendor else 'coordinator'})",
                            vendor=vendor, audience="internal" if i % 11 == 0 else "case",
                            body=f"Message {i}: we looked at the filter again and here is what we found.",
                            created_at=opened + timedelta(minutes=i)))
    Message.objects.bulk_create(msgs, batch_size=500)
    return report, coordinator, triager


def run_child(vendors: int, messages: int, repeat: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    report, coordinator, triager = seed_case(vendors, messages)
    url = f"/cases/{report.pk}/"
    out: dict[str, Any] = {"vendors": vendors, "messages": messages, "repeat": repeat, "viewers": {}}
    for label, user in (("coordinator", coordinator), ("vendor", triager)):
        client = Client()
        client.force_login(user)
        t0 = time.perf_counter()
        response = client.get(url)
        cold = time.perf_counter() - t0
        assert response.status_code == 200, response.status_code
        body = response.content.decode()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)  # now: the next request empties the connection's log
        warm = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - t0)
        warm.sort()
        out["viewers"][label] = {
            "cold_s": cold, "p50_s": warm[len(warm) // 2], "p95_s": warm[min(len(warm) - 1, int(0.95 * len(warm)))],
            "queries": queries, "bytes": len(body),
            "messages_shown": body.count('class="message-item'), "statuses_shown": body.count('class="vendor-row'),
        }
    return out


def measure(vendors: int, messages: int, repeat: int) -> dict[str, Any]:
    """Run the child on a temporary SQLite database; its result as a dict."""
    with tempfile.TemporaryDirectory(prefix="redline-bench-cases-") as tmp:
        env = dict(os.environ)
        env.update(DJANGO_SETTINGS_MODULE="redline.site.settings", DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
                   REDLINE_DATA_DIR=tmp, PYTHONWARNINGS="ignore", REDLINE_ALLOWED_HOSTS="testserver",
                   REDLINE_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        env.setdefault("REDLINE_SECRET_KEY", secrets.token_urlsafe(50))
        proc = subprocess.run([sys.executable, "-m", "redline.bench.case_page", str(vendors), str(messages),
                               str(repeat)], env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "child failed")
        return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":  # the child
    print(json.dumps(run_child(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))))
