"""The signed-in home: one section per role the user holds, each listing that role's work.

:func:`dashboard_for` builds every section that applies to ``user`` (a user with several roles sees
each of them); each builder returns plain, JSON-ready data the page renders and ``/dashboard.json``
returns as it is. Every builder filters through :mod:`redline.accounts.policy`, so a section never
names a case, model or commitment its reader may not open.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from redline.site.dashboard import disclosure, organisations

#: Section names in the order the page shows them.
SECTIONS = ("reporter", "triager", "coordinator", "adjudicator", "reviewer", "org_admin")


def roles_of(user) -> list[str]:
    """The dashboard roles ``user`` holds, in :data:`SECTIONS` order."""
    from redline.accounts.policy import is_adjudicator, is_coordinator, org_kinds

    roles = []
    if disclosure.has_reports(user):
        roles.append("reporter")
    if disclosure.triaged_orgs(user):
        roles.append("triager")
    if is_coordinator(user):
        roles.append("coordinator")
    if is_adjudicator(user):
        roles.append("adjudicator")
    if "reviewer" in org_kinds(user):
        roles.append("reviewer")
    if organisations.admin_orgs(user):
        roles.append("org_admin")
    if not roles:
        roles.append("reporter")  # everyone may report; a new account starts there
    return roles


def dashboard_for(user, params: dict[str, str] | None = None) -> dict[str, Any]:
    """Every section of ``user``'s dashboard; ``params`` are the triage queue's filters."""
    now = timezone.now()
    params = params or {}
    builders = {
        "reporter": lambda: disclosure.reporter_section(user, now),
        "triager": lambda: disclosure.triager_section(user, now, params),
        "coordinator": lambda: disclosure.coordinator_section(user, now),
        "adjudicator": lambda: disclosure.adjudicator_section(user, now),
        "reviewer": lambda: organisations.reviewer_section(user, now),
        "org_admin": lambda: organisations.org_admin_section(user, now),
    }
    roles = roles_of(user)
    return {"user": user.email, "generated_at": now.isoformat(), "roles": roles,
            "sections": {role: builders[role]() for role in roles}}
