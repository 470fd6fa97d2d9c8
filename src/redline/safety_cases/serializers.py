"""Plain dicts of safety cases for JSON twins, the API and the CLI."""

from __future__ import annotations

from typing import Any

from redline.core.deployment import DeploymentMode


def case_summary(case, current=None) -> dict[str, Any]:
    """A case in a list: identity, state, modes and (when given the live view) its live status."""
    data = {"slug": case.slug, "title": case.title, "model": case.model.full_slug, "state": case.state,
            "state_label": case.state.replace("_", " "),
            "modes": case.modes, "revision": case.revision, "sha256": case.sha256, "template": case.template,
            "url": case.get_absolute_url(), "json": case.get_absolute_url().rstrip("/") + ".json",
            "updated_at": case.updated_at.isoformat()}
    if current is not None:
        summary = current.summary()
        data.update({"status": summary["status"], "gap_count": summary["gap_count"], "nodes": current.check.nodes})
    else:
        data.update({"status": case.status, "gap_count": case.status_summary.get("gap_count")})
    return data


def condition_dict(c) -> dict[str, Any]:
    return {"id": c.pk, "position": c.position, "text": c.text, "met": c.met_at is not None,
            "met_at": c.met_at.isoformat() if c.met_at else None, "met_note": c.met_note}


def assessment_dict(a, *, problem: str | None = None) -> dict[str, Any]:
    return {"id": a.pk, "revision": a.revision, "verdict": a.verdict, "verdict_label": a.verdict.replace("_", " "),
            "reasons": a.reasons,
            "element_reasons": a.element_reasons, "assessor": a.assessor.display_name or "independent reviewer",
            "organisation": a.organisation.slug, "organisation_name": a.organisation.name,
            "key_fingerprint": a.key.fingerprint, "signature": a.signature, "server_signed": a.server_signed,
            "document_sha256": a.document_sha256, "evidence_digests": a.evidence_digests,
            "conditions": [condition_dict(c) for c in a.conditions.all()],
            "signature_valid": problem is None, "signature_problem": problem,
            "created_at": a.created_at.isoformat()}


def live_dict(current, *, standing: tuple[bool, list[str]] | None = None,
              assessments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The case page's JSON: the case, diagnostics, every element's status, the gaps and the evidence."""
    case = current.case
    data = case_summary(case, current)
    data.update({
        "modes_labels": [DeploymentMode(m).label for m in case.modes],
        "check": current.check.as_dict(),
        "summary": current.summary(),
        "elements": [{"id": e.id, "type": e.type.value if e.type else None, "module": e.module, "text": e.text,
                      "status": (s.value if (s := current.status.statuses.get(e.id)) else None),
                      "undeveloped": e.undeveloped, "supported_by": list(e.supported_by),
                      "in_context_of": list(e.in_context_of),
                      "evidence_slot": e.extra.get("evidence") if isinstance(e.extra.get("evidence"), str) else None}
                     for e in current.argument],
        "evidence": [b.as_dict() for _, b in sorted(current.bound.items())],
        "modules": [{"name": m.name, "source": m.source, "brief": m.brief} for m in current.argument.modules],
        "export": case.get_absolute_url() + "export/",
    })
    for gap in data["summary"]["gaps"]:  # say what the evidence behind a weak or contradicted Solution is
        bound = current.bound.get(gap["element"])
        if bound is not None:
            gap["evidence"] = {"record": bound.record, "outcome": bound.outcome, "stale": bound.stale,
                               "outcome_label": (bound.outcome or "").replace("_", " ") or None}
    if standing is not None:
        data["gate"] = {"satisfies_requirement": standing[0], "problems": standing[1]}
    if assessments is not None:
        data["assessments"] = assessments
    return data
