"""What the documents app adds to other apps' pages, registered in ``AppConfig.ready``.

- the organisation page: its documents the viewer may open, and its governance card (or a link
  to start one, for its members);
- the model page: the documents about the model;
- the incident page: its post-incident reports, each rendered for the viewer (withheld sections
  as markers), through the disclosure app's incident-section hook.
"""

from __future__ import annotations

from typing import Any


def _rows(user, **filters) -> list[dict[str, Any]]:
    from redline.documents.serializers import document_summary
    from redline.documents.services import visible_documents

    return [document_summary(d, user) for d in visible_documents(user).filter(**filters).order_by("kind", "slug")[:50]]


def org_section(org, user, shared: dict) -> dict[str, Any] | None:
    rows = _rows(user, organisation=org)
    member = getattr(user, "is_authenticated", False) and org.kind == "developer" and is_member_of(user, org)
    card = next((r for r in rows if r["kind"] == "governance_card"), None)
    if not rows and not member:
        return None
    return {"documents": rows, "governance_card": card,
            "documents_url": f"/documents/?organisation={org.slug}",
            "new_document_url": f"/documents/new/?organisation={org.slug}" if member else None,
            "new_governance_card_url": (f"/documents/new/?organisation={org.slug}&kind=governance_card"
                                        if member and card is None else None)}


def is_member_of(user, org) -> bool:
    from redline.accounts.policy import role_in

    return role_in(user, org) is not None


def model_section(model, user, shared: dict) -> dict[str, Any] | None:
    rows = _rows(user, model=model)
    return {"documents": rows} if rows else None


def incident_section(incident, user, shared: dict) -> dict[str, Any] | None:
    from redline.core.errors import PermissionDenied
    from redline.documents.serializers import rendering_dict
    from redline.documents.services import latest_version, rendered_for, visible_documents

    reports = []
    for document in visible_documents(user).filter(incident=incident).order_by("pk"):
        try:
            rendering = rendered_for(user, document)
            draft = False
        except PermissionDenied:  # nothing released: members read their latest draft
            rendering = rendered_for(user, document, version=latest_version(document))
            draft = True
        reports.append({"url": document.get_absolute_url(), "draft": draft, "state": document.state,
                        "organisation": document.organisation.slug, **rendering_dict(rendering)})
    start = None
    if getattr(user, "is_authenticated", False) and user.memberships.filter(organisation__kind="developer").exists():
        start = f"/documents/new/?incident={incident.pk}"
    if not reports and start is None:
        return None
    return {"post_incident_reports": reports, "start_url": start}


def register() -> None:
    from redline.disclosure.incident_pages import register_incident_section
    from redline.registry.pages import register_model_section, register_org_section

    register_org_section("documents", order=70, template="documents/_org_section.html", build=org_section)
    register_model_section("documents", order=70, template="documents/_model_section.html", build=model_section)
    register_incident_section("documents", order=10, template="documents/_incident_section.html",
                              build=incident_section)
