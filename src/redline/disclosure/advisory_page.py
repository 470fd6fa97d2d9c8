"""What the advisory page adds to the redacted record: links to the affected models and organisations the
viewer may see, links from each vendor's status line, AVID's taxonomy, the metrics tables and the exports."""

from __future__ import annotations

from typing import Any

from redline.accounts.policy import Action, can
from redline.disclosure.models import Advisory

#: The exports of one record: label → URL pattern (``{id}`` is the public ID).
EXPORTS = (("JSON", "/advisories/{id}.json"), ("JSON-LD", "/advisories/{id}.jsonld"),
           ("STIX 2.1", "/advisories/{id}/stix.json"), ("CVE JSON 5", "/advisories/{id}/cve.json"),
           ("AVID", "/advisories/{id}/avid.json"))

#: AVID's classification keys as the page labels them.
AVID_TAXONOMY = (("avid.risk_domain", "Risk domain"), ("avid.sep_view", "SEP (security, ethics, performance)"),
                 ("avid.lifecycle_view", "Lifecycle stage"), ("avid.classof", "Class"),
                 ("avid.taxonomy_version", "Taxonomy version"), ("cwe", "CWE"), ("cvss.vector", "CVSS vector"),
                 ("cvss.score", "CVSS score"))

#: What each vendor status means (the same words as the disclosure rules use).
STATUS_MEANING = {
    "affected": "the vendor confirmed the flaw and has no fix yet",
    "not affected": "the vendor judged the report invalid for its product",
    "fix ready": "the vendor has a fix ready",
    "fix deployed": "the vendor's fix is deployed",
    "no response": "the vendor has not said whether it is affected",
}


def vendor_rows(adv: Advisory, vendors: list[dict]) -> list[dict[str, Any]]:
    """The record's vendor lines (name, status, statement at publication), each with what its status
    means and a link to the vendor's page when it is an organisation on the advisory."""
    orgs = {o.name.lower(): o for o in adv.organisations.all()}
    rows = []
    for v in vendors:
        org = orgs.get(str(v.get("vendor", "")).lower())
        rows.append({**v, "meaning": STATUS_MEANING.get(v.get("status", ""), ""),
                     "url": f"/orgs/{org.slug}/" if org else None})
    return rows


def exports(adv: Advisory) -> list[dict[str, str]]:
    return [{"format": label, "url": url.format(id=adv.public_id)} for label, url in EXPORTS]


def affected_links(user, adv: Advisory, affected: list[dict]) -> list[dict[str, Any]]:
    """The affected systems, with the model and organisation pages the viewer may open."""
    models = [m for m in adv.ai_models.select_related("organisation") if can(user, Action.VIEW, m)]
    orgs = {o.name.lower(): o for o in adv.organisations.all()} | {o.slug: o for o in adv.organisations.all()}
    rows = []
    for s in affected:
        name = (s.get("model") or "").lower()
        model = next((m for m in models if name and name in (m.name.lower(), m.slug, m.full_slug)), None)
        vendor = (s.get("vendor") or "").lower()
        org = model.organisation if model else orgs.get(vendor)
        rows.append({"vendor": s.get("vendor") or (org.name if org else ""), "model": s.get("model") or "",
                     "version": s.get("version") or "", "model_url": model.get_absolute_url() if model else None,
                     "org_url": f"/orgs/{org.slug}/" if org else None})
    return rows


def taxonomy(classifications: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    return [(label, list(classifications[key])) for key, label in AVID_TAXONOMY if classifications.get(key)]


def context(user, adv: Advisory, data: dict[str, Any]) -> dict[str, Any]:
    withheld = {f for f, _ in data.get("withheld", [])}
    severity = data.get("severity") or ("withheld" if "severity" in withheld else "not given")
    return {"affected": affected_links(user, adv, data.get("affected", [])), "severity": severity,
            "taxonomy": taxonomy(data.get("classifications", {})), "metrics": data.get("metrics", []),
            "vendors": vendor_rows(adv, data.get("vendors", [])), "exports": data.get("exports", [])}
