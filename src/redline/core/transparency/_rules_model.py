"""Crosswalk rules for FMTI's Model indicators (properties, access, capabilities, risks, release)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redline.core.transparency import _text as t
from redline.core.transparency._rulebook import (
    Fill,
    active_channels,
    by_kind,
    is_external,
    modalities,
    model_label,
    rule,
)
from redline.core.transparency.facts import as_datetime


@rule(35, "Basic model properties", reads=("model", "model_card", "supply_chain"), origin="supply_chain",
      needs="model.parameter_count, the modalities (card pipeline tag or a text model), and "
            "supply_chain.architecture and supply_chain.components")
def _basic_properties(f):
    m, sc = f["model"], f["supply_chain"]
    mods = modalities(f)
    if not (m.get("parameter_count") and mods and sc.get("architecture") and sc.get("components")):
        return None
    return Fill(f"Input modality: {mods[0]}. Output modality: {mods[1]}. Model size: "
                f"{t.sig(m['parameter_count'])} parameters. Model components: {t.listing(sc['components'])}. "
                f"Model architecture: {sc['architecture']}.", t.urls(m))


_RELATIONS = {"finetune": "fine-tuning", "adapter": "training an adapter on", "merge": "merging",
              "quantized": "quantizing", "distillation": "distillation from"}


@rule(37, "Model dependencies", reads=("model", "model_card"),
      needs="model.base_model and how the model was derived from it (base_model_relation in the model or card)")
def _dependencies(f):
    m, card = f["model"], f["model_card"]
    base = m.get("base_model") or card.get("base_model")
    relation = m.get("base_model_relation") or card.get("base_model_relation")
    if not (base and relation):
        return None
    bases = t.listing(base if isinstance(base, list) else [base])
    return Fill(f"{model_label(f)} is derived from {bases} by {_RELATIONS.get(relation, relation)}.", t.urls(m))


@rule(40, "Specialized access", reads=("evaluations", "safeguard_tests", "deployments"),
      needs="evaluations or safeguard tests run by other organisations before the first public deployment")
def _specialized_access(f):
    release = t.first_public_release(f["deployments"])
    if release is None:
        return None
    early = {}
    for record in [*f["evaluations"], *f["safeguard_tests"]]:
        when = as_datetime(record.get("run_at") or record.get("imported_at"))
        if is_external(f, record) and when is not None and when < release:
            early.setdefault(record["ran_by"], record)
    if not early:
        return None
    return Fill(f"Before public release on {t.day(release)}, {t.count(len(early), 'external organisation')} had "
                f"early access to evaluate {model_label(f)}: {by_kind(early.values())} "
                f"({t.listing(sorted(early))}).", t.urls(list(early.values())))


@rule(41, "Open weights", reads=("deployments", "model"),
      needs="an active open-weights or gated open-weights deployment with its channels")
def _open_weights(f):
    releases = [d for d in t.active(f["deployments"]) if d.get("mode") in t.WEIGHT_MODES and d.get("channels")]
    if not releases:
        return None
    parts = [f"{t.mode_label(d['mode'])} through {t.listing(d['channels'])}" for d in releases]
    licence = f["model"].get("licence")
    tail = f" under the {licence} licence" if licence else ""
    return Fill(f"The weights of {model_label(f)} are released: {'; '.join(parts)}{tail}.", t.urls(releases))


@rule(44, "Capabilities evaluation", reads=("evaluations",),
      needs="quantified evaluations (estimate and sample count) on at least two tasks")
def _capabilities_evaluation(f):
    rows = [e for e in f["evaluations"] if e.get("estimate") is not None and e.get("task")]
    if len({e["task"] for e in rows}) < 2:
        return None
    lines = [f"{e['task']} ({e.get('metric', 'score')}): {e['estimate']:.3g}"
             + (f" on {e['n']} samples" if e.get("n") else "") + f", run {t.day(e.get('run_at'))}"
             + (f" by {e['ran_by']}" if e.get("ran_by") else "") for e in rows]
    return Fill("Capability evaluations on record:\n" + "\n".join(f"- {line}" for line in lines), t.urls(rows))


@rule(47, "Risks taxonomy", reads=("threat_profiles",),
      needs="threat profiles, each with its category (and CUE entry where linked)")
def _risks_taxonomy(f):
    profiles = f["threat_profiles"]
    if not profiles:
        return None
    lines = []
    for p in profiles:
        label = p.get("category") or "uncategorised"
        if p.get("cue_id"):
            label += f" ({' '.join(x for x in (p['cue_id'], p.get('cue_name', '')) if x)})"
        if p.get("threat_actor"):
            label += f": {p['threat_actor']}"
        lines.append(f"- {label}")
    return Fill(f"The risks considered are {t.count(len(profiles), 'threat profile')}, drawn from the Common Use "
                "Enumeration where linked:\n" + "\n".join(lines), t.urls(profiles))


def _profile_evidence(f) -> dict[str, list[str]]:
    """Threat-profile category → the quantified results bearing on it (verdicts and risk runs)."""
    by_red_line = {c["name"]: c.get("threat_profile") for c in f["commitments_in_force"]
                   if c.get("kind") == "red_line" and c.get("threat_profile")}
    out: dict[str, list[str]] = {}
    for e in f["evaluations"]:
        for v in e.get("verdicts") or []:
            profile = by_red_line.get(v.get("red_line"))
            if profile and e.get("estimate") is not None:
                out.setdefault(profile, []).append(
                    f"{e['task']} {e['estimate']:.3g} against red line {v['red_line']}: {v.get('status')}")
    for run in f["risk_runs"]:
        if run.get("profile") and run.get("status"):
            out.setdefault(run["profile"], []).append(
                f"risk model P(harm ≥ {run.get('threshold')}) judged {run['status']}")
    return out


@rule(48, "Risks evaluation", reads=("threat_profiles", "commitments_in_force", "evaluations", "risk_runs"),
      needs="for most threat profiles, an evaluation judged against a red line on that profile or a risk run")
def _risks_evaluation(f):
    profiles = [p.get("category") for p in f["threat_profiles"] if p.get("category")]
    evidence = _profile_evidence(f)
    covered = [p for p in profiles if p in evidence]
    if not profiles or len(covered) * 2 <= len(profiles):
        return None
    lines = [f"- {p}: {'; '.join(evidence[p])}" for p in covered]
    judged = [e for e in f["evaluations"] if e.get("verdicts")]
    return Fill(f"{len(covered)} of {len(profiles)} threat profiles have quantified risk evaluations:\n"
                + "\n".join(lines), t.urls(judged, f["risk_runs"]))


@rule(51, "External risk evaluation", reads=("evaluations", "safeguard_tests"),
      needs="risk evaluations (evaluations judged against red lines, or safeguard tests) with who ran them")
def _external_risk_evaluation(f):
    rows = [e for e in f["evaluations"] if e.get("verdicts")] + list(f["safeguard_tests"])
    rows = [r for r in rows if r.get("ran_by")]
    if not rows:
        return None
    external = {r["ran_by"]: r for r in rows if is_external(f, r)}
    own = any(not is_external(f, r) for r in rows)
    parts = [f"{t.count(len(external), 'external party', 'external parties')}"
             + (f" ({by_kind(external.values())})" if external else "")]
    if own:
        parts.insert(0, "the developer itself")
    return Fill(f"Risk evaluations on record were carried out by {t.listing(parts)}.", t.urls(rows))


@rule(57, "Release stages", reads=("deployments",),
      needs="deployments that have started, with their modes and start dates")
def _release_stages(f):
    started = [d for d in f["deployments"] if d.get("status") in ("active", "paused", "withdrawn")
               and as_datetime(d.get("start_date"))]
    if not started:
        return None
    started.sort(key=lambda d: as_datetime(d["start_date"]))
    stages = [f"{t.mode_label(d['mode'])} from {t.day(d['start_date'])} ({d['status']})" for d in started]
    return Fill(f"{model_label(f)} was released in these stages: {'; '.join(stages)}.", t.urls(started))


def _threshold_text(c: Mapping[str, Any]) -> str:
    s = c.get("spec") or {}
    if c.get("kind") == "risk_threshold":
        period = s.get("period", 1)
        period = f"{period:g}" if isinstance(period, (int, float)) else period
        return (f"{c['name']} (v{c.get('version', '?')}): P({s.get('harm_measure', 'harm')} ≥ {s.get('level_n'):g} "
                f"per {period} {s.get('period_unit', 'year')}) ≤ {s.get('probability'):g}; judged on the risk "
                "model's credible upper bound")
    action = str(s.get("action", "")).replace("_", " ")
    alert = f", alert at {s['alert']}" if s.get("alert") is not None else ""
    minimums = [f"at least {s['min_samples']} samples"] if s.get("min_samples") else []
    if s.get("min_elicitation") not in (None, "", "none"):
        minimums.append(f"{s['min_elicitation']} elicitation")
    needs = f" with {t.listing(minimums)}" if minimums else ""
    return (f"{c['name']} (v{c.get('version', '?')}): {s.get('task')} {s.get('metric')} "
            f"{'≥' if s.get('direction', 'ge') == 'ge' else '≤'} {s.get('threshold')}{alert}, judged on the 95% "
            f"interval{needs}; when crossed: {action}")


@rule(58, "Risk thresholds", reads=("commitments_in_force",),
      needs="risk thresholds or red lines in force (their spec says what is scored, how, and the action)")
def _risk_thresholds(f):
    rows = f["commitments_in_force"]
    if not rows:
        return None
    return Fill("Commitments in force, each approved by independent reviewers:\n"
                + "\n".join(f"- {_threshold_text(c)}" for c in rows), t.urls(rows))


@rule(61, "Foundation model roadmap", reads=("deployments",),
      needs="planned deployments with their expected start dates")
def _roadmap(f):
    planned = [d for d in f["deployments"] if d.get("status") == "planned" and as_datetime(d.get("start_date"))]
    if not planned:
        return None
    items = [f"{t.mode_label(d['mode'])} around {t.day(d['start_date'])}" for d in planned]
    return Fill(f"Planned releases of {model_label(f)}: {'; '.join(items)}.", t.urls(planned))


@rule(62, "Top distribution channels", reads=("deployments",),
      needs="active API or weight-release deployments naming at most five channels in all (so no ranking "
            "metric is needed)")
def _top_channels(f):
    channels, used = active_channels(f, t.HOSTED_MODES + t.WEIGHT_MODES)
    if not 0 < len(channels) <= 5:
        return None
    return Fill(f"{model_label(f)} is distributed through {t.listing(channels)}; these are all of its "
                f"{t.count(len(channels), 'channel')}, so no ranking is needed.", t.urls(used))


@rule(64, "Terms of use", reads=("model", "deployments"),
      needs="the model's licence, and a terms URL on every active hosted deployment")
def _terms(f):
    licence = f["model"].get("licence")
    hosted = [d for d in t.active(f["deployments"]) if d.get("mode") in t.HOSTED_MODES]
    if not licence or any(not d.get("terms_url") for d in hosted):
        return None
    refs = tuple(d["terms_url"] for d in hosted)
    tail = f" Terms of service for hosted access: {t.listing(refs)}." if refs else ""
    return Fill(f"{model_label(f)} is licensed under {licence}; the licence covers every weight release.{tail}",
                t.urls(f["model"]) + refs)
