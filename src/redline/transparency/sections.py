"""The organisation page's transparency section: links to the report, the crosswalk, the EU form and the map."""

from __future__ import annotations

from typing import Any


def org_section(org, user, shared: dict) -> dict[str, Any] | None:
    from django.utils import timezone

    from redline.core.documents import quarter_of
    from redline.transparency.services import is_admin, latest_fmti

    if org.kind != "developer":
        return None
    base = f"/orgs/{org.slug}/transparency/"
    fmti = latest_fmti(org)
    return {"transparency": {"url": base, "fmti_url": base + "fmti/", "eu_form_url": base + "eu-form/",
                             "nist_url": base + "nist/", "can_build": is_admin(user, org),
                             "period": str(quarter_of(timezone.now())),
                             "fmti_imported": fmti.source_name if fmti else None}}


def register() -> None:
    from redline.registry.pages import register_org_section

    register_org_section("transparency", order=70, template="transparency/_org_section.html", build=org_section)
