"""The facts dictionary: what the app knows about one organisation and its model, as plain data.

The FMTI crosswalk (:mod:`.crosswalk`), the EU model documentation form
(:mod:`.eu_form`), the NIST AI 800-1 practice map (:mod:`.nist_practices`) and the
transparency report all read the same dictionary, which the ``documents`` app builds
from its tables. Every key is optional; a missing key means "nothing on record".
Dates and times may be ``date``/``datetime`` objects or ISO 8601 strings.

=========================  ====================================================================
key                        value (one entry per record; "url" is the record's page on redline)
=========================  ====================================================================
``organisation``           ``{slug, name, kind, website}``
``model``                  the model reported on (``registry.AIModel``): ``{slug, name, version,
                           base_model, base_model_relation, modality, licence, parameter_count,
                           release_date, summary, links, card_sha256, weights_sha256, url}``
``model_card``             its imported Hugging Face card metadata (``AIModel.card_data``)
``scope``                  its latest ``ScopeStatement``: ``{version, intended_use, stated_limits,
                           claims: [{claim, rate}], url}``
``deployments``            ``[{mode, channels, start_date, status, notes, terms_url, url}]``
``intake_form``            ``True`` when the organisation takes reports through redline's intake
``intake_url``             the public report form's address
``safe_harbor_terms``      the terms in force: ``{version, url, published_at}`` (or ``None``)
``deadline_clocks``        ``{severity: {acknowledge_days, triage_days, fix_days}}`` — :func:`clock_facts`
``embargo``                ``{default_days, after_fix_days, in_the_wild_days}`` — :func:`embargo_facts`
``advisories_url``         where published advisories are listed
``threat_profiles``        ``[{category, cue_id, cue_name, threat_actor, pathway, impact_scale,
                           attempt_frequency, uplift, has_risk_model, url}]``
``commitments_in_force``   ``[{kind: red_line|risk_threshold, name, version, spec, threat_profile,
                           approvals: [{reviewer, organisation, organisation_kind}], in_force_at, url}]``
``commitment_changes``     ``[{name, kind, from_version, to_version, changes: [{field, old, new,
                           effect}], at, url}]`` (from :func:`redline.core.commitments.diff`)
``evaluations``            ``[{task, metric, estimate, n, stderr, source_format, elicitation_level,
                           ran_by, ran_by_kind, run_at, valid_until, sha256, url,
                           verdicts: [{red_line, status}]}]``
``safeguard_tests``        ``[{safeguard, deployment_mode, attempts, attack_succeeded,
                           monitor_flagged, tolerance, undetected_upper, passed, ran_by, ran_by_kind,
                           imported_at, sha256, url}]``
``risk_runs``              ``[{profile, threshold, probability, status, created_at, url}]``
``decisions``              ``[{mode, outcome, rationale, approvers, created_at, snapshot_sha256, url}]``
``protocols``              ``[{name, deployment_mode, triggers, steps: [{title, owner_role,
                           target_minutes}], url}]``
``drills``                 ``[{protocol, held_at, total_minutes, target_minutes, all_met, url}]``
``reports``                reports received: ``[{kind, severity, state, received_at, acknowledged_at,
                           triaged_at, fix_ready_at}]``
``incidents``              ``[{title, public, created_at, reports, root_cause, mitigations,
                           lessons_learned, url}]``
``advisories``             ``[{public_id, kind, severity, published_at, url}]``
``forecasts``              ``[{question, made_at, resolved, brier, url}]``
``safety_cases``           ``[{title, status, assessed, verdict, gaps, url}]``
``documents``              released and draft documents: ``[{kind, title, released, released_at,
                           audiences, practices, url, sections: [{key, title, public, body}]}]``
``supply_chain``           registry fields the issue adds: ``{data_origins: [{name, kind, url,
                           size}], architecture, key_algorithms, training_stages,
                           third_party_components: [{name, version, licence, url}], crawler:
                           {name, opt_out_url}, components, compute: {training_flop, hardware,
                           provider, energy_mwh, training_days, measurement,
                           energy_measurement}}``
``claims``                 the organisation's own NIST AI 800-1 claims: ``{practice id: {status,
                           statement, evidence, reason}}``
``eu_form``                entries typed into the EU form by hand: ``{item id: text}``
=========================  ====================================================================

:func:`check_facts` validates the shape (unknown keys, lists versus mappings) and
names the offending key, so a typo in the app fails loudly instead of reading as
"nothing on record".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from redline.core.disclosure.clocks import CLOCK_TARGETS
from redline.core.disclosure.embargo import DEFAULT_POLICY
from redline.core.errors import InvalidInput

LIST_KEYS = ("deployments", "threat_profiles", "commitments_in_force", "commitment_changes", "evaluations",
             "safeguard_tests", "risk_runs", "decisions", "protocols", "drills", "reports", "incidents",
             "advisories", "forecasts", "safety_cases", "documents")
MAPPING_KEYS = ("organisation", "model", "model_card", "scope", "deadline_clocks", "embargo", "supply_chain",
                "claims", "eu_form")
SCALAR_KEYS = {"intake_form": bool, "intake_url": str, "advisories_url": str}
OPTIONAL_MAPPING_KEYS = ("safe_harbor_terms",)
KNOWN_KEYS = frozenset(LIST_KEYS + MAPPING_KEYS + tuple(SCALAR_KEYS) + OPTIONAL_MAPPING_KEYS)

Facts = Mapping[str, Any]


def check_facts(facts: Facts) -> dict[str, Any]:
    """A shallow copy of ``facts`` with every list key present; InvalidInput names a bad key."""
    if not isinstance(facts, Mapping):
        raise InvalidInput("facts", "expected a mapping of record kinds")
    unknown = sorted(set(facts) - KNOWN_KEYS)
    if unknown:
        raise InvalidInput("facts", f"unknown key {unknown[0]!r}")
    out = dict(facts)
    for key in LIST_KEYS:
        value = out.setdefault(key, [])
        if not isinstance(value, (list, tuple)):
            raise InvalidInput(f"facts.{key}: expected a list")
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise InvalidInput(f"facts.{key}[{i}]: expected a mapping")
    for key in MAPPING_KEYS:
        value = out.setdefault(key, {})
        if not isinstance(value, Mapping):
            raise InvalidInput(f"facts.{key}: expected a mapping")
    for key, kind in SCALAR_KEYS.items():
        if key in out and not isinstance(out[key], kind):
            raise InvalidInput(f"facts.{key}: expected {kind.__name__}")
    terms = out.setdefault("safe_harbor_terms", None)
    if terms is not None and not isinstance(terms, Mapping):
        raise InvalidInput("facts.safe_harbor_terms", "expected a mapping or None")
    return out


def as_datetime(value: Any, *, field: str = "date") -> dt.datetime | None:
    """``value`` (date, datetime or ISO string) as an aware UTC datetime; dates are midnight UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(f"facts.{field}: {value!r} is not an ISO 8601 date") from None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise InvalidInput(f"facts.{field}: expected a date, not {type(value).__name__}")


def clock_facts() -> dict[str, dict[str, float]]:
    """redline's deadline clocks (:data:`redline.core.disclosure.clocks.CLOCK_TARGETS`) as facts."""
    return {severity.value: {"acknowledge_days": t.acknowledge.total_seconds() / 86400,
                             "triage_days": t.triage.total_seconds() / 86400,
                             "fix_days": t.fix.total_seconds() / 86400}
            for severity, t in CLOCK_TARGETS.items()}


def embargo_facts() -> dict[str, int]:
    """redline's embargo limits (:data:`redline.core.disclosure.embargo.DEFAULT_POLICY`) as facts."""
    return {"default_days": DEFAULT_POLICY.default_days, "after_fix_days": DEFAULT_POLICY.after_fix_days,
            "in_the_wild_days": DEFAULT_POLICY.in_the_wild_days}


__all__ = ["KNOWN_KEYS", "Facts", "as_datetime", "check_facts", "clock_facts", "embargo_facts"]
