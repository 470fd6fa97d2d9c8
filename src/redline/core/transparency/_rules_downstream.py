"""Crosswalk rules for FMTI's Downstream indicators (monitoring, policies, mitigations, accountability)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from redline.core.transparency import _text as t
from redline.core.transparency._rulebook import (
    Fill,
    active_channels,
    card_section,
    clocks_text,
    embargo_text,
    has_intake,
    is_external,
    model_label,
    not_api,
    rule,
)
from redline.core.transparency.facts import as_datetime


@rule(68, "Data retention and deletion policy", reads=("documents",), origin="documents",
      needs="a public 'privacy' section in a released governance card")
def _retention(f):
    return card_section(f, "privacy")


@rule(70, "Internal products and services", reads=("deployments",),
      needs="active internal or hosted deployments naming at most five product channels other than an API")
def _internal_products(f):
    products, used = active_channels(f, ("internal",) + t.HOSTED_MODES, not_api)
    if not 0 < len(products) <= 5:
        return None
    return Fill(f"{model_label(f)} is used in {t.listing(products)}; these are all of the developer's products on record, "
                "so no ranking is needed.", t.urls(used))


@rule(78, "Responsible disclosure policy", reads=("intake_form", "intake_url", "deadline_clocks", "embargo"),
      needs="the intake form, redline's deadline clocks and embargo rules")
def _responsible_disclosure(f):
    if not (has_intake(f) and f["embargo"]):
        return None
    return Fill(f"External parties disclose vulnerabilities and flaws through the report form at {f['intake_url']}. "
                f"Response targets by severity — {clocks_text(f)}. {embargo_text(f)}",
                (f["intake_url"],) + ((f["advisories_url"],) if f.get("advisories_url") else ()))


@rule(79, "Safe harbor", reads=("safe_harbor_terms",), needs="safe-harbor terms in force")
def _safe_harbor(f):
    terms = f["safe_harbor_terms"]
    if not terms or not terms.get("version"):
        return None
    since = f", in force since {t.day(terms['published_at'])}" if terms.get("published_at") else ""
    return Fill(f"Good-faith research and reports are covered by published safe-harbor terms (version "
                f"{terms['version']}{since}); every report records the version its reporter relied on.",
                t.urls(terms))


@rule(80, "Security incident reporting protocol", reads=("intake_form", "intake_url", "deadline_clocks",
                                                           "advisories_url"),
      needs="the intake form, the deadline clocks and a public advisories listing")
def _security_protocol(f):
    if not (has_intake(f) and f.get("advisories_url")):
        return None
    return Fill(f"Security incidents and vulnerabilities are reported through {f['intake_url']}. Responses follow "
                f"the deadline clocks — {clocks_text(f)}. Confirmed reports are published as advisories at "
                f"{f['advisories_url']} once their embargo ends. {embargo_text(f)}".strip(),
                (f["intake_url"], f["advisories_url"]))


@rule(81, "Misuse incident reporting protocol", reads=("intake_form", "intake_url", "deadline_clocks", "incidents"),
      needs="the intake form (misuse and incident reports), the deadline clocks, and published incidents")
def _misuse_protocol(f):
    public = [i for i in f["incidents"] if i.get("public")]
    if not (has_intake(f) and public):
        return None
    return Fill(f"Misuse seen in the wild and incidents are reported through {f['intake_url']}. Responses follow "
                f"the deadline clocks — {clocks_text(f)}. Incidents are published with a post-incident report "
                f"(timeline, root cause, mitigations, lessons learned) without sensitive detail; "
                f"{t.count(len(public), 'incident')} published so far.", (f["intake_url"], *t.urls(public)))


@rule(82, "Post-deployment coordination with government", reads=("evaluations", "deployments"),
      needs="evaluations run by government bodies (regulator organisations) after the first public deployment")
def _government(f):
    release = t.first_public_release(f["deployments"])
    rows = [e for e in f["evaluations"] if e.get("ran_by_kind") == "regulator" and is_external(f, e)
            and release is not None and (as_datetime(e.get("run_at")) or release) >= release]
    if not rows:
        return None
    bodies: dict[str, set[str]] = {}
    for e in rows:
        bodies.setdefault(e["ran_by"], set()).add(e.get("task", "evaluation"))
    parts = [f"{body} (post-deployment evaluations: {t.listing(sorted(tasks))})" for body, tasks in bodies.items()]
    return Fill(f"We coordinate post-deployment evaluation with {t.listing(parts)}.", t.urls(rows))


@rule(83, "Feedback mechanisms", reads=("intake_form", "intake_url", "reports"),
      needs="the intake form and reports received, counted by kind")
def _feedback(f):
    if not (f.get("intake_form") and f.get("intake_url") and f["reports"]):
        return None
    kinds = Counter(r.get("kind", "other") for r in f["reports"])
    summary = t.listing([f"{k} {n}" for k, n in sorted(kinds.items())])
    return Fill(f"Anyone can submit feedback and reports at {f['intake_url']}. Reports received by kind: {summary}.",
                (f["intake_url"],))


@rule(84, "Permitted, restricted, and prohibited model behaviors", reads=("scope",),
      needs="a scope statement with intended use and stated limits")
def _behaviours(f):
    s = f["scope"]
    if not (s.get("intended_use") and s.get("stated_limits")):
        return None
    return Fill(f"Permitted: {s['intended_use'].strip()}\nRestricted or prohibited: {s['stated_limits'].strip()}",
                t.urls(s))


@rule(85, "Model response characteristics", reads=("scope",),
      needs="claims in the scope statement about how the model responds (e.g. refusal rates)")
def _response_characteristics(f):
    claims = [c for c in f["scope"].get("claims") or [] if c.get("claim")]
    if not claims:
        return None
    lines = [f"- {c['claim']}" + (f" (in {c['rate']:.0%} of cases)" if c.get("rate") is not None else "")
             for c in claims]
    return Fill("The model is steered to these response characteristics, each a checkable claim of its scope "
                "statement:\n" + "\n".join(lines), t.urls(f["scope"]))


def _safeguard_line(s: Mapping[str, Any]) -> str:
    result = "passed" if s.get("passed") else "did not pass"
    return (f"{s['safeguard']}: {s.get('attempts')} red-team attempts, {s.get('attack_succeeded')} successful, "
            f"{s.get('monitor_flagged')} of those flagged; {result} against a tolerance of {s.get('tolerance')}")


def _safeguards_for(f, modes: tuple[str, ...]) -> list[Mapping[str, Any]]:
    return [s for s in f["safeguard_tests"] if s.get("safeguard")
            and (not s.get("deployment_mode") or s["deployment_mode"] in modes)]


@rule(88, "Internal product and service mitigations", reads=("safeguard_tests", "deployments"),
      needs="safeguard tests and an active hosted deployment with a product channel other than an API")
def _internal_mitigations(f):
    tests = _safeguards_for(f, t.HOSTED_MODES)
    products, _ = active_channels(f, t.HOSTED_MODES, not_api)
    if not (tests and products):
        return None
    return Fill(f"In {t.listing(products)} the model runs behind these safeguards against adversarial use:\n"
                + "\n".join(f"- {_safeguard_line(s)}" for s in tests), t.urls(tests))


@rule(89, "External developer mitigations", reads=("safeguard_tests", "deployments"),
      needs="safeguard tests and an active hosted-API deployment")
def _developer_mitigations(f):
    tests = _safeguards_for(f, t.HOSTED_MODES)
    apis = [d for d in t.active(f["deployments"]) if d.get("mode") in t.HOSTED_MODES]
    if not (tests and apis):
        return None
    return Fill("Requests through the API pass these built-in safeguards:\n"
                + "\n".join(f"- {_safeguard_line(s)}" for s in tests), t.urls(tests))


@rule(92, "Documentation for responsible use", reads=("scope", "documents"),
      needs="a published scope statement (intended use and stated limits)")
def _responsible_use(f):
    s = f["scope"]
    if not (s.get("intended_use") and s.get("stated_limits") and s.get("url")):
        return None
    docs = [d for d in f["documents"] if d.get("released") and d.get("kind") in ("safeguards_report",
                                                                                  "governance_card")]
    return Fill(f"Downstream developers find the intended use and stated limits of {model_label(f)} in its scope "
                f"statement (version {s.get('version', '?')}).", t.urls(s, docs))


@rule(94, "Permitted, restricted, and prohibited uses", reads=("scope", "deployments"),
      needs="a scope statement with intended use and stated limits (one statement covers every channel)")
def _uses(f):
    s = f["scope"]
    if not (s.get("intended_use") and s.get("stated_limits")):
        return None
    return Fill(f"Across all distribution channels — permitted uses: {s['intended_use'].strip()} Restricted and "
                f"prohibited uses: {s['stated_limits'].strip()}", t.urls(s))


@rule(95, "AUP enforcement process", reads=("intake_form", "deadline_clocks", "protocols", "safeguard_tests"),
      needs="the intake form and deadline clocks, and de-deployment protocols or monitored safeguards")
def _enforcement_process(f):
    monitors = [s for s in f["safeguard_tests"] if s.get("monitor_flagged") is not None]
    if not (has_intake(f) and (f["protocols"] or monitors)):
        return None
    respond = (f"de-deployment protocols ({t.listing([p.get('name', '') for p in f['protocols']])})"
               if f["protocols"] else "incident handling")
    detect = "monitors on hosted deployments and reports from anyone" if monitors else "reports from anyone"
    return Fill(f"Detect: {detect} ({f['intake_url']}). Review: every report is triaged against the deadline "
                f"clocks — {clocks_text(f)}. Respond: confirmed misuse becomes an incident, with {respond}.",
                (f["intake_url"], *t.urls(f["protocols"])))


@rule(96, "AUP enforcement frequency", reads=("reports", "incidents", "deployments"),
      needs="misuse reports received, counted by outcome")
def _enforcement_frequency(f):
    misuse = [r for r in f["reports"] if r.get("kind") == "misuse"]
    if not misuse:
        return None
    states = Counter(r.get("state", "received") for r in misuse)
    paused = sum(d.get("status") in ("paused", "withdrawn") for d in f["deployments"])
    return Fill(f"{t.count(len(misuse), 'misuse report')} received: "
                f"{t.listing([f'{n} {s}' for s, n in sorted(states.items())])}; "
                f"{t.count(len(f['incidents']), 'incident')} opened; "
                f"{t.count(paused, 'deployment')} paused or withdrawn.")


@rule(98, "Oversight mechanism", reads=("commitments_in_force", "decisions", "documents"),
      needs="commitments in force approved by independent reviewers")
def _oversight(f):
    approvals = [a for c in f["commitments_in_force"] for a in c.get("approvals") or []
                 if a.get("organisation_kind") == "reviewer"]
    if not approvals:
        return None
    bodies = sorted({a.get("organisation", "") for a in approvals})
    decided = len(f["decisions"])
    return Fill(f"Independent reviewers ({t.listing(bodies)}) must approve, with signatures, every risk threshold "
                f"and red line before it comes into force, after a public comment period; the deployment gate then "
                f"applies them to each release ({t.count(decided, 'recorded decision')}).",
                t.urls(f["commitments_in_force"], f["decisions"]))
