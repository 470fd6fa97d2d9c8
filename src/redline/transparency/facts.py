"""The facts dictionary (:mod:`redline.core.transparency.facts`) built from every app's tables.

:func:`build_facts` reads what is on record for one organisation (and its models, or one of them)
for one calendar quarter, keeping only records visible to the chosen audience:

* models: public ones for every audience; restricted ones whose audiences hold an organisation kind of
  the audience (``regulator`` for regulators, ``reviewer``/``research`` for reviewers, ``developer`` for
  developers); every model of the organisation for ``internal``. Everything hanging off a model
  (threat profiles, commitments, evidence, risk runs, decisions, drills, safety cases) follows it;
* incidents: public, published ones; all of them for ``internal``;
* forecast questions: the public ones; draft safety cases only for ``internal``;
* reports received: counted by kind, severity and response times only (no titles or detail), which is
  what a transparency report publishes; the same for every audience;
* documents (the ``documents`` app): released versions, each section as the audience may read it.

Events (reports received, incidents, evaluations, campaigns, runs, decisions, drills, commitment
changes) are those inside the quarter; states (commitments in force, deployments, the supply chain,
claims) are as they stand at the quarter's end or now, whichever is earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from redline.accounts.models import Organisation, Visibility
from redline.core.documents import KIND_AUDIENCES, Audience, Quarter, parse_audience
from redline.core.transparency import check_facts, clock_facts, embargo_facts

#: The audiences a report is built for (``--audience``): named organisations are not a build target.
BUILD_AUDIENCES = ("public", "regulators", "reviewers", "developers", "internal")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def audience_kinds(audience: Audience) -> list[str]:
    """The organisation kinds whose members make up ``audience`` (``accounts.OrgKind`` values)."""
    return sorted(kind for kind, a in KIND_AUDIENCES.items() if a is audience)


def model_filter(audiences: Iterable[Audience], prefix: str = "") -> Q:
    """Models visible to every one of ``audiences``: public, or restricted to a kind each of them holds."""
    audiences = set(audiences)
    if Audience.INTERNAL in audiences and len(audiences) == 1:
        return Q()
    q = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    others = audiences - {Audience.PUBLIC, Audience.INTERNAL, Audience.NAMED}
    if others:
        restricted = Q(**{f"{prefix}visibility": Visibility.RESTRICTED})
        for audience in others:
            either = Q(pk__in=[])
            for kind in audience_kinds(audience):
                either |= Q(**{f"{prefix}audiences__icontains": f'"{kind}"'})
            restricted &= either
        q |= restricted
    return q


def parse_audiences(audience: str | Audience | Iterable[str | Audience]) -> frozenset[Audience]:
    if isinstance(audience, (str, Audience)):
        audience = [audience]
    out = frozenset(parse_audience(a) for a in audience)
    bad = [a for a in out if a.value not in BUILD_AUDIENCES]
    if bad or not out:
        from redline.core.errors import InvalidInput

        raise InvalidInput("audience", f"choose one of {', '.join(BUILD_AUDIENCES)}")
    return out


class FactsBuilder:
    """Builds the facts for one organisation, quarter and audience set; see the module's docstring."""

    def __init__(self, org: Organisation, period: Quarter | None, audiences, *, model=None,
                 now: dt.datetime | None = None):
        from redline.registry.models import AIModel

        self.org = org
        self.period = period
        self.audiences = parse_audiences(audiences)
        self.internal = self.audiences == {Audience.INTERNAL}
        now = now or timezone.now()
        # Without a period: everything on record up to now (the crosswalk, the EU form and the practice map).
        self.now = min(now, period.end) if period else now
        self.start = period.start if period else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        self.end = min(period.end, self.now + dt.timedelta(microseconds=1)) if period else \
            self.now + dt.timedelta(microseconds=1)
        models = AIModel.objects.filter(organisation=org).filter(model_filter(self.audiences)).order_by("name")
        if model is not None:
            models = models.filter(pk=model.pk)
        self.models = list(models.select_related("organisation"))
        self.model_ids = [m.pk for m in self.models]

    def _in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    # --- the parts ------------------------------------------------------------------------------

    def organisation(self) -> dict[str, Any]:
        o = self.org
        return {"slug": o.slug, "name": o.name, "kind": o.kind, "website": getattr(o, "website", "") or ""}

    def model(self) -> tuple[dict, dict, dict]:
        """(model, model_card, scope) of the main model: the one given, else the first visible one."""
        if not self.models:
            return {}, {}, {}
        m = self.models[0]
        model = {"slug": m.slug, "name": m.name, "version": m.version, "base_model": m.base_model,
                 "base_model_relation": m.base_model_relation, "modality": m.modality, "licence": m.licence,
                 "parameter_count": m.parameter_count, "release_date": _iso(m.release_date), "summary": m.summary,
                 "links": m.links, "card_sha256": m.card_sha256, "weights_sha256": m.weights_sha256,
                 "url": m.get_absolute_url()}
        model = {k: v for k, v in model.items() if v not in (None, "", [])}
        card = dict((m.card_data or {}).get("metadata") or {})
        scope = m.scope_statements.order_by("-version").first()
        scope_facts = ({"version": scope.version, "intended_use": scope.intended_use,
                        "stated_limits": scope.stated_limits, "claims": scope.claims,
                        "url": m.get_absolute_url()} if scope else {})
        return model, card, scope_facts

    def deployments(self) -> list[dict]:
        from redline.registry.models import Deployment

        return [{"model": d.model.slug, "mode": d.mode, "channels": d.channels, "start_date": _iso(d.start_date),
                 "status": d.status, "notes": d.notes, "url": d.model.get_absolute_url()}
                for d in Deployment.objects.filter(model_id__in=self.model_ids).select_related("model")
                .order_by("model__name", "mode")]

    def threat_profiles(self) -> list[dict]:
        from redline.commitments.models import ThreatProfile

        rows = []
        for p in (ThreatProfile.objects.filter(model_id__in=self.model_ids, created_at__lt=self.end)
                  .select_related("cue_entry", "model").order_by("model__name", "category", "pk")):
            rows.append({"model": p.model.slug, "category": p.category,
                         "cue_id": p.cue_entry.cue_id if p.cue_entry else "",
                         "cue_name": p.cue_entry.name if p.cue_entry else "", "threat_actor": p.threat_actor,
                         "pathway": p.pathway, "impact_scale": p.impact_scale,
                         "attempt_frequency": p.attempt_frequency, "uplift": p.uplift,
                         "has_risk_model": bool(p.risk_model_yaml.strip()), "url": f"/threat-profiles/{p.pk}/"})
        return rows

    def commitments(self) -> tuple[list[dict], list[dict]]:
        """(commitments in force at the period's end, changes that came into force inside it)."""
        from redline.commitments.models import Approval, CommitmentVersion
        from redline.commitments.specs import spec_diff

        versions = list(CommitmentVersion.objects.filter(commitment__model_id__in=self.model_ids,
                                                         in_force_at__isnull=False, in_force_at__lt=self.end)
                        .select_related("commitment__threat_profile", "commitment__model")
                        .order_by("commitment__pk", "number"))
        by_commitment: dict[int, list] = {}
        for v in versions:
            by_commitment.setdefault(v.commitment_id, []).append(v)
        in_force, changes = [], []
        approvals: dict[int, list] = {}
        for a in Approval.objects.filter(version__in=versions).select_related("reviewer", "organisation"):
            approvals.setdefault(a.version_id, []).append(
                {"reviewer": str(a.reviewer), "organisation": a.organisation.slug if a.organisation else "",
                 "organisation_kind": a.organisation.kind if a.organisation else ""})
        for chain in by_commitment.values():
            current = [v for v in chain if v.superseded_at is None or v.superseded_at >= self.end]
            latest = current[-1] if current else None
            c = chain[0].commitment
            if latest is not None:
                profile = c.threat_profile
                in_force.append({"kind": c.kind, "name": c.name, "version": latest.number, "spec": latest.spec,
                                 "threat_profile": profile.category if profile else "", "model": c.model.slug,
                                 "approvals": approvals.get(latest.pk, []), "in_force_at": _iso(latest.in_force_at),
                                 "url": c.get_absolute_url()})
            for old, new in zip(chain, chain[1:], strict=False):
                if self.start <= new.in_force_at < self.end:
                    changes.append({"name": c.name, "kind": c.kind, "from_version": old.number,
                                    "to_version": new.number, "changes": spec_diff(old.spec, new.spec),
                                    "rationale": new.rationale, "at": _iso(new.in_force_at),
                                    "url": c.get_absolute_url()})
        return in_force, changes

    def evaluations(self) -> list[dict]:
        from redline.evidence.models import Evaluation, StoredVerdict

        evals = list(Evaluation.objects.filter(model_id__in=self.model_ids).filter(self._in_period("imported_at"))
                     .select_related("ran_by_org", "model").order_by("imported_at", "pk"))
        verdicts: dict[int, list] = {}
        for v in (StoredVerdict.objects.filter(evaluation__in=evals).select_related("version__commitment")
                  .order_by("computed_at")):
            verdicts.setdefault(v.evaluation_id, []).append({"red_line": v.version.commitment.name,
                                                             "status": v.status, "at": _iso(v.computed_at)})
        return [{"model": e.model.slug, "task": e.task, "metric": e.metric, "estimate": e.estimate, "n": e.n,
                 "stderr": e.stderr, "source_format": e.source_format, "elicitation_level": e.elicitation_level,
                 "ran_by": e.ran_by_org.slug if e.ran_by_org else "",
                 "ran_by_kind": e.ran_by_org.kind if e.ran_by_org else "", "run_at": _iso(e.run_at or e.imported_at),
                 "valid_until": _iso(e.valid_until), "sha256": e.sha256,
                 "url": f"/models/{e.model.full_slug}/evidence/", "verdicts": verdicts.get(e.pk, [])}
                for e in evals]

    def safeguard_tests(self) -> list[dict]:
        from redline.evidence.models import SafeguardCampaign

        rows = []
        for c in (SafeguardCampaign.objects.filter(model_id__in=self.model_ids).filter(self._in_period("imported_at"))
                  .select_related("ran_by_org", "model").order_by("imported_at", "pk")):
            undetected = (c.result or {}).get("undetected_success_rate") or {}
            interval = undetected.get("interval") or [None, None]
            rows.append({"model": c.model.slug, "safeguard": c.safeguard, "attempts": c.attempts,
                         "attack_succeeded": c.attack_succeeded, "monitor_flagged": c.monitor_flagged,
                         "tolerance": c.tolerance, "undetected_upper": interval[-1], "passed": c.passed,
                         "reasons": (c.result or {}).get("reasons", []),
                         "ran_by": c.ran_by_org.slug if c.ran_by_org else "",
                         "ran_by_kind": c.ran_by_org.kind if c.ran_by_org else "", "imported_at": _iso(c.imported_at),
                         "sha256": c.sha256, "url": f"/models/{c.model.full_slug}/evidence/"})
        return rows

    def risk_runs(self) -> list[dict]:
        from redline.risk_runs.models import RiskRun

        return [{"profile": r.profile.category, "threshold": r.threshold, "probability": r.probability,
                 "status": (r.verdict or {}).get("status", ""), "created_at": _iso(r.created_at),
                 "url": f"/risk-runs/{r.pk}/"}
                for r in RiskRun.objects.filter(profile__model_id__in=self.model_ids)
                .filter(self._in_period("created_at")).select_related("profile").order_by("created_at", "pk")]

    def decisions(self) -> tuple[list[dict], list[dict], list[dict]]:
        from redline.decisions.models import DecisionRecord, DeDeploymentProtocol, Drill

        decisions = [{"model": d.model.slug, "mode": d.mode, "outcome": d.outcome, "rationale": d.rationale,
                      "approvers": [str(u) for u in d.approvers.all()], "created_at": _iso(d.created_at),
                      "gate": (d.snapshot or {}).get("gate", {}).get("result", "")
                      if isinstance((d.snapshot or {}).get("gate"), dict) else "",
                      "snapshot_sha256": d.snapshot_sha256, "url": f"/decisions/{d.pk}/"}
                     for d in DecisionRecord.objects.filter(model_id__in=self.model_ids)
                     .filter(self._in_period("created_at")).select_related("model").prefetch_related("approvers")
                     .order_by("created_at", "pk")]
        protocols = list(DeDeploymentProtocol.objects.filter(deployment__model_id__in=self.model_ids)
                         .select_related("deployment").order_by("pk"))
        protocol_rows = [{"name": p.name, "deployment_mode": p.deployment.mode, "triggers": p.triggers,
                          "steps": p.steps, "url": f"/protocols/{p.pk}/"} for p in protocols]
        drills = []
        for d in (Drill.objects.filter(protocol__in=protocols).filter(self._in_period("held_at"))
                  .select_related("protocol").order_by("held_at", "pk")):
            total = sum(float(t) for t in d.timings if t is not None)
            drills.append({"protocol": d.protocol.name, "held_at": _iso(d.held_at), "total_minutes": total,
                           "target_minutes": d.protocol.target_total, "all_met": d.all_met,
                           "url": f"/protocols/{d.protocol_id}/"})
        return decisions, protocol_rows, drills

    def reports(self) -> list[dict]:
        """Reports the organisation received in the period, as participations (no titles, no detail)."""
        from redline.disclosure.models import Participant

        return [{"kind": p.case.report.kind, "severity": p.severity, "state": p.state,
                 "received_at": _iso(p.received_at), "acknowledged_at": _iso(p.acknowledged_at),
                 "triaged_at": _iso(p.triaged_at), "fix_ready_at": _iso(p.fix_ready_at),
                 "needs_fix": p.state not in ("invalid", "deferred", "closed", "duplicate")}
                for p in Participant.objects.filter(vendor=self.org).filter(self._in_period("received_at"))
                .select_related("case__report").order_by("received_at", "pk")]

    def incidents(self) -> list[dict]:
        from redline.disclosure.models import Incident

        qs = Incident.objects.filter(
            Q(reports__case__participants__vendor=self.org) | Q(reports__affected_models__in=self.model_ids)
        ).filter(self._in_period("created_at"), merged_into__isnull=True, grouping=False).distinct()
        if not self.internal:
            qs = qs.filter(public=True, state="published")
        return [{"title": i.title, "public": i.public, "severity": i.severity, "created_at": _iso(i.created_at),
                 "reports": i.reports.count(), "root_cause": i.root_cause, "mitigations": i.mitigations,
                 "lessons_learned": i.lessons_learned, "url": i.get_absolute_url()}
                for i in qs.order_by("created_at", "pk")]

    def advisories(self) -> list[dict]:
        from redline.disclosure.models import Advisory

        return [{"public_id": a.public_id, "kind": a.kind, "severity": a.severity, "title": a.title,
                 "published_at": _iso(a.published_at), "url": a.get_absolute_url()}
                for a in Advisory.objects.filter(Q(organisations=self.org) | Q(ai_models__in=self.model_ids))
                .filter(state="published").filter(self._in_period("published_at")).distinct()
                .order_by("published_at", "pk")]

    def forecasts(self) -> list[dict]:
        from redline.forecasts.models import Forecast, Score

        qs = Forecast.objects.filter(organisation=self.org).filter(self._in_period("made_at"))
        if not self.internal:
            qs = qs.filter(question__visibility="public")
        qs = qs.exclude(question__state="draft").select_related("question").order_by("made_at", "pk")
        scores = {s.forecast_id: s for s in Score.objects.filter(forecast__in=qs)}
        return [{"question": f.question.title, "made_at": _iso(f.made_at),
                 "resolved": f.question.state == "resolved",
                 "brier": scores[f.pk].brier if f.pk in scores else None,
                 "url": f.question.get_absolute_url()} for f in qs]

    def safety_cases(self) -> list[dict]:
        from redline.safety_cases.models import SafetyCase

        qs = SafetyCase.objects.filter(model_id__in=self.model_ids).select_related("model")
        if not self.internal:
            qs = qs.exclude(state="draft")
        rows = []
        for c in qs.order_by("model__name", "slug"):
            latest = c.assessments.order_by("-created_at").first()
            rows.append({"title": c.title, "status": c.status, "state": c.state, "assessed": latest is not None,
                         "verdict": latest.verdict if latest else "",
                         "gaps": (c.status_summary or {}).get("gap_count") or 0, "url": c.get_absolute_url()})
        return rows

    def terms(self) -> dict | None:
        from redline.disclosure.models import SafeHarborTerms

        t = SafeHarborTerms.objects.filter(in_force=True).order_by("-published_at").first()
        return {"version": t.version, "url": "/report/", "published_at": _iso(t.published_at)} if t else None

    def claims(self) -> dict[str, dict]:
        from redline.transparency.models import PracticeClaim

        return {c.practice: {"status": c.status, "statement": c.statement, "evidence": c.evidence, "reason": c.reason}
                for c in PracticeClaim.objects.filter(organisation=self.org)}

    def eu_form(self) -> dict[str, str]:
        from redline.transparency.models import EuFormEntry

        if not self.models:
            return {}
        return {e.item: e.text for e in EuFormEntry.objects.filter(model=self.models[0])}

    def documents(self) -> list[dict]:
        """Released documents of the organisation, each section as the audience reads it (documents app)."""
        from redline.transparency import documents_bridge

        return documents_bridge.released_documents(self.org, self.audiences)

    def build(self) -> dict[str, Any]:
        from redline.registry.supply_chain import supply_chain_facts

        model, card, scope = self.model()
        in_force, changes = self.commitments()
        decisions, protocols, drills = self.decisions()
        reports = self.reports()
        # The intake, its clocks and the safe-harbor terms are the organisation's once it is reachable through
        # them: it has a model on redline (reports name models) or has received a report.
        reachable = bool(self.models) or bool(reports)
        facts = {
            "organisation": self.organisation(), "model": model, "model_card": card, "scope": scope,
            "deployments": self.deployments(), "intake_form": reachable, "intake_url": "/report/",
            "safe_harbor_terms": self.terms() if reachable else None,
            "deadline_clocks": clock_facts() if reachable else {}, "embargo": embargo_facts() if reachable else {},
            "advisories_url": "/advisories/", "threat_profiles": self.threat_profiles(),
            "commitments_in_force": in_force, "commitment_changes": changes, "evaluations": self.evaluations(),
            "safeguard_tests": self.safeguard_tests(), "risk_runs": self.risk_runs(), "decisions": decisions,
            "protocols": protocols, "drills": drills, "reports": reports, "incidents": self.incidents(),
            "advisories": self.advisories(), "forecasts": self.forecasts(), "safety_cases": self.safety_cases(),
            "documents": self.documents(),
            "supply_chain": supply_chain_facts(self.models[0]) if self.models else {},
            "claims": self.claims(), "eu_form": self.eu_form(),
        }
        return check_facts(facts)


def build_facts(org: Organisation, period: Quarter | None, audience="public", *, model=None,
                now: dt.datetime | None = None) -> dict[str, Any]:
    """The facts for ``org`` (its models, or ``model`` alone) in ``period``, as ``audience`` may see them."""
    return FactsBuilder(org, period, audience, model=model, now=now).build()


def current_facts(org: Organisation, audience="public", *, model=None) -> dict[str, Any]:
    """Everything on record up to now (the crosswalk, the EU form and the practice map pages)."""
    return build_facts(org, None, audience, model=model)


__all__ = ["BUILD_AUDIENCES", "FactsBuilder", "audience_kinds", "build_facts", "current_facts", "model_filter",
           "parse_audiences"]
