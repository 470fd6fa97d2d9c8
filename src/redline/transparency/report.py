"""The quarterly transparency report: its sections written from the facts, for one audience or all.

:func:`generate` writes every section of the report (the core template
:data:`redline.core.documents.TRANSPARENCY_REPORT` plus the restricted detail sections) as Markdown
with its metrics and items, each from the facts its readership may see: a public section from the
public facts, a section for regulators from what regulators may see. Sections that carry sensitive
detail (per-safeguard attack numbers, incident root causes) have a restricted
:class:`~redline.core.documents.Readership` and a reason from the fixed list.

:meth:`Report.rendered` renders it for a reader through :func:`redline.core.documents.render`, so a
public build shows the withheld markers and a regulator's build includes their sections; the JSON
(:meth:`Report.as_dict` of a rendering) is the shape :func:`redline.core.documents.compare_reports`
reads. Plots (:mod:`.plots`) belong to public sections only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redline.core.disclosure.clocks import CLOCK_TARGETS, Deadline, ParticipantClock, Severity
from redline.core.documents import (
    PUBLIC,
    TRANSPARENCY_REPORT,
    Audience,
    AudienceRecommendation,
    DocumentKind,
    DocumentVersion,
    Quarter,
    Reader,
    Readership,
    Restriction,
    Section,
    clock_samples,
    render,
    response_stats,
)
from redline.core.transparency import as_datetime, coverage, practice_map

Facts = Mapping[str, Any]
FactsFor = Callable[[frozenset[Audience]], Facts]

#: Sections that carry sensitive detail, with who reads them and why (the public sees a withheld marker).
RESTRICTED: dict[str, tuple[Readership, Restriction]] = {
    "safeguards-detail": (Readership.of("regulators", "reviewers"),
                          Restriction("security_of_systems", "attack success counts per safeguard help an attacker "
                                                             "choose a target")),
    "incidents-detail": (Readership.of("regulators"),
                         Restriction("exploit_detail", "root causes and mitigations of incidents still being fixed")),
}
#: The report's sections in order: the core template's, the safety cases, and the detail sections beside theirs.
TITLES = {t.key: t.title for t in TRANSPARENCY_REPORT}
ORDER = ("misuse-risks", "thresholds", "safeguards", "safeguards-detail", "incidents", "incidents-detail", "drills",
         "monitoring", "supply-chain", "release", "safety-cases", "forecasts", "lessons-learned", "fmti",
         "practice-map")
TITLES.update({"safeguards-detail": "Safeguards: campaign detail", "incidents-detail": "Incidents: root causes "
               "and mitigations", "safety-cases": "Safety cases"})
SEVERITIES = tuple(s.value for s in Severity)


@dataclass
class ReportSection:
    key: str
    title: str
    body: str
    metrics: dict[str, Any] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    plots: list[dict[str, Any]] = field(default_factory=list)

    @property
    def readership(self) -> Readership:
        return RESTRICTED[self.key][0] if self.key in RESTRICTED else PUBLIC

    @property
    def restriction(self) -> Restriction | None:
        return RESTRICTED[self.key][1] if self.key in RESTRICTED else None

    def core(self) -> Section:
        return Section(self.key, self.title, self.body, self.readership, self.restriction)


@dataclass
class Report:
    organisation: Mapping[str, Any]
    period: str
    generated_at: dt.datetime
    sections: list[ReportSection]
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Transparency report {self.period}: {self.organisation.get('name', '')}".strip()

    def version(self, author: str = "redline") -> DocumentVersion:
        """The report as a core document version (what the documents app stores)."""
        rec = AudienceRecommendation(PUBLIC, "A transparency report is public by default; the detail sections go "
                                             "to regulators and independent reviewers only.")
        return DocumentVersion(1, DocumentKind.TRANSPARENCY_REPORT, self.title, self.organisation["slug"], author,
                               tuple(s.core() for s in self.sections), rec, period=self.period)

    def rendered(self, reader: Reader) -> dict[str, Any]:
        """The report as ``reader`` may read it: withheld sections carry the marker, no metrics and no plots."""
        rendering = render(self.version(), reader)
        by_key = {s.key: s for s in self.sections}
        sections = {}
        for shown in rendering.sections:
            s = by_key[shown.key]
            sections[shown.key] = {"title": shown.title, "text": shown.body, "withheld": shown.withheld,
                                   "audiences": list(shown.audiences),
                                   "metrics": {} if shown.withheld else s.metrics,
                                   "items": [] if shown.withheld else s.items,
                                   "plots": [] if shown.withheld else s.plots}
        return {"title": self.title, "organisation": dict(self.organisation), "period": self.period,
                "generated_at": self.generated_at.isoformat(), "audiences": sorted(a.value for a in reader.audiences),
                "withheld": list(rendering.withheld), "sections": sections}

    def public_data(self) -> dict[str, Any]:
        """Metrics, items and plots of the public sections only: safe to keep beside the stored document."""
        return {s.key: {"metrics": s.metrics, "items": s.items, "plots": s.plots}
                for s in self.sections if s.readership.public}


# --- helpers ---------------------------------------------------------------------------------------


def _md_escape(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ").strip()


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _link(label: str, url: str | None) -> str:
    label = _md_escape(label)
    return f"[{label}]({url})" if url else label


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _hours(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.1f} h" if x < 48 else f"{x / 24:.1f} days"


def _none(what: str) -> str:
    return f"Nothing on record for this period: {what}."


# --- the sections ----------------------------------------------------------------------------------


def misuse_risks(f: Facts) -> ReportSection:
    profiles = f["threat_profiles"]
    if not profiles:
        return ReportSection("misuse-risks", TITLES["misuse-risks"], _none("no threat profiles"), {"threat_profiles": 0})
    rows = [(p["category"], f"{p['cue_id']} {p['cue_name']}".strip() or "—", p["threat_actor"],
             p["attempt_frequency"] or "—", "yes" if p["has_risk_model"] else "no") for p in profiles]
    body = (f"{len(profiles)} threat profile{'s' if len(profiles) != 1 else ''} on record: each names a category of "
            "misuse, the actor, the pathway to harm and, where one exists, a quantitative risk model.\n\n"
            + _table(("Category", "CUE entry", "Threat actor", "Attempt frequency", "Risk model"), rows))
    cues = sorted({p["cue_id"] for p in profiles if p["cue_id"]})
    return ReportSection("misuse-risks", TITLES["misuse-risks"], body,
                         {"threat_profiles": len(profiles), "cue_entries": len(cues)},
                         [f"{p['category']} ({p['cue_id'] or 'no CUE entry'})" for p in profiles])


def thresholds(f: Facts) -> ReportSection:
    commitments = f["commitments_in_force"]
    latest: dict[str, str] = {}
    for e in sorted(f["evaluations"], key=lambda e: str(e.get("run_at") or "")):
        for v in e.get("verdicts") or []:
            latest[v["red_line"]] = v["status"]
    runs: dict[str, Any] = {}
    for r in f["risk_runs"]:
        runs[r["profile"]] = r
    parts = []
    if commitments:
        rows = []
        for c in commitments:
            if c["kind"] == "red_line":
                verdict = latest.get(c["name"], "no evaluation this period").replace("_", " ")
            else:
                run = runs.get(c["threat_profile"])
                verdict = (f"{(run['status'] or 'computed').replace('_', ' ')}: P(harm ≥ {run['threshold']:g}) = "
                           f"{run['probability']:.2g}"
                           if run and run.get("probability") is not None else "no risk run this period")
            rows.append((c["kind"].replace("_", " "), _link(c["name"], c.get("url")), f"v{c['version']}",
                         len(c.get("approvals") or []), verdict))
        parts.append(_table(("Kind", "Commitment", "Version", "Approvals", "Latest verdict"), rows))
    else:
        parts.append(_none("no commitments in force"))
    changes = f["commitment_changes"]
    weakenings = 0
    if changes:
        parts.append("### Changes since the last report")
        for ch in changes:
            flagged = [c for c in ch["changes"] if c.get("flagged")]
            weakenings += bool(flagged)
            head = (f"- **{_md_escape(ch['name'])}** v{ch['from_version']} → v{ch['to_version']} "
                    f"({str(ch.get('at') or '')[:10]})")
            if flagged:
                head += " — **weakened**: " + "; ".join(
                    f"{c['field']} {c.get('old')!r} → {c.get('new')!r}" + (f" ({c['note']})" if c.get("note") else "")
                    for c in flagged)
            else:
                head += " — " + ("; ".join(f"{c['field']} {c['effect']}" for c in ch["changes"]) or "no field changed")
            parts.append(head)
    else:
        parts.append("No commitment changed in this period.")
    metrics = {"in_force": len(commitments), "changes": len(changes), "weakenings": weakenings,
               "red_lines_crossed": sum(1 for s in latest.values() if s in ("crossed", "breached"))}
    items = [f"{c['name']} v{c['version']}" for c in commitments]
    return ReportSection("thresholds", TITLES["thresholds"], "\n\n".join(parts), metrics, items)


def safeguards(f: Facts) -> ReportSection:
    tests = f["safeguard_tests"]
    if not tests:
        return ReportSection("safeguards", TITLES["safeguards"], _none("no red-team campaigns against safeguards"),
                             {"campaigns": 0})
    latest: dict[str, Mapping[str, Any]] = {}
    for t in tests:
        latest[t["safeguard"]] = t
    rows = [(name, "adequate" if t["passed"] else "not adequate", str(t.get("imported_at") or "")[:10])
            for name, t in sorted(latest.items())]
    passed = sum(1 for t in latest.values() if t["passed"])
    body = (f"{len(tests)} red-team campaign{'s' if len(tests) != 1 else ''} against {len(latest)} "
            f"safeguard{'s' if len(latest) != 1 else ''}; {passed} judged adequate against their tolerance. "
            "The attack numbers are in the detail section.\n\n"
            + _table(("Safeguard", "Latest result", "Campaign"), rows))
    return ReportSection("safeguards", TITLES["safeguards"], body,
                         {"campaigns": len(tests), "safeguards": len(latest), "adequate": passed},
                         [f"{n}: {'adequate' if t['passed'] else 'not adequate'}" for n, t in sorted(latest.items())])


#: The first words of the restricted safeguards section, whatever it holds (the marker-string tests look for it).
DETAIL_MARKER = "Red-team campaign detail"


def safeguards_detail(f: Facts) -> ReportSection:
    tests = f["safeguard_tests"]
    if not tests:
        return ReportSection("safeguards-detail", TITLES["safeguards-detail"],
                             f"{DETAIL_MARKER}: {_none('no campaigns')}")
    rows = [(t["safeguard"], t["attempts"], t["attack_succeeded"], "—" if t["monitor_flagged"] is None
             else t["monitor_flagged"], _pct(t.get("undetected_upper")), _pct(t.get("tolerance")),
             "; ".join(t.get("reasons") or []) or "—") for t in tests]
    body = (f"{DETAIL_MARKER}: each campaign's attempts, successful attacks, those the monitor flagged, and the upper bound of the "
            "undetected success rate against the tolerance.\n\n"
            + _table(("Safeguard", "Attempts", "Succeeded", "Flagged", "Undetected (upper)", "Tolerance", "Reasons"),
                     rows))
    return ReportSection("safeguards-detail", TITLES["safeguards-detail"], body,
                         {"attempts": sum(t["attempts"] or 0 for t in tests),
                          "succeeded": sum(t["attack_succeeded"] or 0 for t in tests)})


def _clocks(reports) -> list[ParticipantClock]:
    out = []
    for r in reports:
        received = as_datetime(r.get("received_at"))
        if received is None:
            continue
        severity = r.get("severity") if r.get("severity") in SEVERITIES else Severity.MEDIUM.value
        out.append(ParticipantClock("org", Severity(severity), received, as_datetime(r.get("acknowledged_at")),
                                    as_datetime(r.get("triaged_at")), as_datetime(r.get("fix_ready_at")),
                                    bool(r.get("needs_fix", True))))
    return out


def response_times(reports, now: dt.datetime) -> dict[str, dict[str, Any]]:
    clocks = _clocks(reports)
    return {d.value: response_stats(clock_samples(clocks, d), now=now).as_dict()
            for d in (Deadline.ACKNOWLEDGE, Deadline.TRIAGE, Deadline.FIX)}


def incidents(f: Facts, now: dt.datetime) -> ReportSection:
    from redline.transparency import plots

    reports = f["reports"]
    by_kind = Counter(r["kind"] for r in reports)
    by_severity = Counter(r["severity"] or "unrated" for r in reports)
    times = response_times(reports, now)
    parts = [f"{len(reports)} report{'s' if len(reports) != 1 else ''} received in the period, counted by kind and "
             "severity (titles and details stay with the reporters and the cases)."]
    if reports:
        parts.append(_table(("Kind", "Reports"), sorted(by_kind.items())))
        parts.append(_table(("Severity", "Reports"), [(s, by_severity[s]) for s in (*SEVERITIES, "unrated")
                                                      if by_severity.get(s)]))
    targets = ", ".join(f"{s.value} {t.acknowledge.days}/{t.triage.days}/{t.fix.days} days"
                        for s, t in CLOCK_TARGETS.items())
    parts.append("Response times against the deadline clocks (acknowledge / triage / fix: " + targets + "):")
    parts.append(_table(("Clock", "Due", "Answered", "Median", "90th percentile", "Missed", "Pending"),
                        [(d, s["count"], s["answered"], _hours(s["median_hours"]), _hours(s["p90_hours"]), s["missed"],
                          s["pending"]) for d, s in times.items()]))
    public = [i for i in f["incidents"] if i.get("public")]
    if public:
        parts.append("Incidents opened in the period:\n\n" + "\n".join(
            f"- {_link(i['title'], i.get('url'))} ({i.get('severity') or 'severity not given'})" for i in public))
    else:
        parts.append("No public incident was opened in the period.")
    metrics = {"reports": len(reports), "incidents": len(public),
               **{f"{d}_median_hours": s["median_hours"] for d, s in times.items()},
               **{f"{d}_p90_hours": s["p90_hours"] for d, s in times.items()},
               **{f"{d}_missed": s["missed"] for d, s in times.items()}}
    section = ReportSection("incidents", TITLES["incidents"], "\n\n".join(parts), metrics,
                            [i["title"] for i in public])
    if reports:
        section.plots = [plots.counts_plot("Reports received by severity", {s: by_severity.get(s, 0)
                                                                            for s in (*SEVERITIES, "unrated")}),
                         plots.response_plot(times)]
    return section


def incidents_detail(f: Facts) -> ReportSection:
    rows = [i for i in f["incidents"] if i.get("root_cause") or i.get("mitigations")]
    if not rows:
        return ReportSection("incidents-detail", TITLES["incidents-detail"],
                             _none("no root cause or mitigation recorded"))
    body = "\n\n".join(f"### {_md_escape(i['title'])}\n\n**Root cause.** {i.get('root_cause') or '—'}\n\n"
                       f"**Mitigations.** {i.get('mitigations') or '—'}" for i in rows)
    return ReportSection("incidents-detail", TITLES["incidents-detail"], body, {"incidents": len(rows)})


def drills(f: Facts) -> ReportSection:
    from redline.transparency import plots

    held = f["drills"]
    protocols = f["protocols"]
    if not held:
        body = (f"{len(protocols)} de-deployment protocol{'s' if len(protocols) != 1 else ''} on record; "
                "no drill was held in the period.")
        return ReportSection("drills", TITLES["drills"], body, {"protocols": len(protocols), "drills": 0})
    rows = [(_link(d["protocol"], d.get("url")), str(d["held_at"])[:10], f"{d['total_minutes']:g}",
             f"{d['target_minutes']:g}", "yes" if d["all_met"] else "no") for d in held]
    met = sum(1 for d in held if d["all_met"])
    body = (f"{len(held)} drill{'s' if len(held) != 1 else ''} held; {met} met every step's target.\n\n"
            + _table(("Protocol", "Held", "Minutes", "Target", "Every target met"), rows))
    section = ReportSection("drills", TITLES["drills"], body,
                            {"protocols": len(protocols), "drills": len(held), "all_met": met},
                            [f"{d['protocol']} {str(d['held_at'])[:10]}" for d in held])
    section.plots = [plots.drill_plot(held)]
    return section


def monitoring(f: Facts) -> ReportSection:
    active = [d for d in f["deployments"] if d.get("status") == "active"]
    parts = []
    if active:
        parts.append(_table(("Deployment", "Channels", "Since"),
                            [(d["mode"].replace("_", " "), ", ".join(d.get("channels") or []) or "—",
                              d.get("start_date") or "—") for d in active]))
    else:
        parts.append("No active deployment.")
    flagged = [t for t in f["safeguard_tests"] if t.get("monitor_flagged") is not None]
    succeeded = sum(t["attack_succeeded"] or 0 for t in flagged)
    caught = sum(t["monitor_flagged"] or 0 for t in flagged)
    if flagged:
        parts.append(f"Monitors were tested in {len(flagged)} campaign{'s' if len(flagged) != 1 else ''}: they "
                     f"flagged {caught} of {succeeded} successful attacks.")
    else:
        parts.append("No campaign in the period measured the monitors.")
    return ReportSection("monitoring", TITLES["monitoring"], "\n\n".join(parts),
                         {"active_deployments": len(active), "monitor_recall": round(caught / succeeded, 3)
                          if succeeded else None},
                         [f"{d['mode']}: {', '.join(d.get('channels') or [])}" for d in active])


def supply_chain(f: Facts) -> ReportSection:
    sc, m = f["supply_chain"], f["model"]
    if not sc and not m:
        return ReportSection("supply-chain", TITLES["supply-chain"], _none("no model"))
    parts = [f"For {_md_escape(' '.join(p for p in (m.get('name'), m.get('version')) if p) or 'the model')}."]
    if sc.get("architecture"):
        parts.append(f"**Architecture.** {sc['architecture']}")
    if sc.get("key_algorithms"):
        parts.append(f"**Key algorithms.** {sc['key_algorithms']}")
    if sc.get("training_stages"):
        parts.append("**Training stages.**\n\n" + "\n".join(f"{i}. {_md_escape(s)}"
                                                            for i, s in enumerate(sc["training_stages"], 1)))
    if sc.get("data_origins"):
        parts.append("**Data origins.**\n\n" + _table(("Source", "Kind", "Size"), [
            (_link(o["name"], o.get("url")), o.get("kind", "—"), o.get("size", "—")) for o in sc["data_origins"]]))
    if sc.get("third_party_components"):
        parts.append("**Third-party components.**\n\n" + _table(("Component", "Version", "Licence"), [
            (_link(c["name"], c.get("url")), c.get("version", "—"), c.get("licence", "—"))
            for c in sc["third_party_components"]]))
    compute = sc.get("compute") or {}
    if compute:
        bits = [f"{compute['training_flop']:.2e} FLOP" if compute.get("training_flop") else "",
                compute.get("hardware", ""), f"from {compute['provider']}" if compute.get("provider") else "",
                f"{compute['energy_mwh']:g} MWh" if compute.get("energy_mwh") else ""]
        parts.append("**Compute.** " + ", ".join(b for b in bits if b) + ".")
    if len(parts) == 1:
        parts.append("The supply chain is not yet described on the model's page.")
    items = [o["name"] for o in sc.get("data_origins") or []] + [c["name"] for c in sc.get("third_party_components")
                                                                 or []]
    return ReportSection("supply-chain", TITLES["supply-chain"], "\n\n".join(parts),
                         {"data_origins": len(sc.get("data_origins") or []),
                          "third_party_components": len(sc.get("third_party_components") or [])}, items)


def release(f: Facts) -> ReportSection:
    decisions = f["decisions"]
    if not decisions:
        return ReportSection("release", TITLES["release"], "No deployment decision was recorded in the period.",
                             {"decisions": 0})
    rows = [(_link(str(d["created_at"])[:10], d.get("url")), d["mode"].replace("_", " "), d["outcome"],
             d.get("gate") or "—", _md_escape(d.get("rationale"))[:200]) for d in decisions]
    outcomes = Counter(d["outcome"] for d in decisions)
    body = (f"{len(decisions)} deployment decision{'s' if len(decisions) != 1 else ''}, each with the gate's result "
            "and the evidence digests it rested on.\n\n"
            + _table(("Decided", "Mode", "Outcome", "Gate", "Rationale"), rows))
    return ReportSection("release", TITLES["release"], body, {"decisions": len(decisions), **dict(outcomes)},
                         [f"{d['outcome']} {d['mode']} {str(d['created_at'])[:10]}" for d in decisions])


def safety_cases(f: Facts) -> ReportSection:
    cases = f["safety_cases"]
    if not cases:
        return ReportSection("safety-cases", TITLES["safety-cases"], _none("no safety case"), {"cases": 0})
    rows = [(_link(c["title"], c.get("url")), c.get("state", "").replace("_", " "), c["status"],
             c["verdict"].replace("_", " ") if c.get("verdict") else "not assessed", c["gaps"]) for c in cases]
    body = _table(("Case", "State", "Live status", "Assessment", "Gaps"), rows)
    return ReportSection("safety-cases", TITLES["safety-cases"], body,
                         {"cases": len(cases), "assessed": sum(1 for c in cases if c["assessed"]),
                          "gaps": sum(c["gaps"] or 0 for c in cases)}, [c["title"] for c in cases])


def forecasts(f: Facts) -> ReportSection:
    rows = f["forecasts"]
    if not rows:
        return ReportSection("forecasts", TITLES["forecasts"], "No official forecast was made in the period.",
                             {"forecasts": 0})
    scored = [r["brier"] for r in rows if r.get("brier") is not None]
    mean = sum(scored) / len(scored) if scored else None
    body = (f"{len(rows)} official forecast{'s' if len(rows) != 1 else ''}; {len(scored)} resolved and scored"
            + (f", mean Brier score {mean:.3f} (0 is perfect, 0.25 is a coin toss)." if mean is not None else ".")
            + "\n\n" + _table(("Question", "Made", "Brier"), [
                (_link(r["question"], r.get("url")), str(r["made_at"])[:10],
                 "—" if r.get("brier") is None else f"{r['brier']:.3f}") for r in rows]))
    return ReportSection("forecasts", TITLES["forecasts"], body,
                         {"forecasts": len(rows), "scored": len(scored),
                          "mean_brier": None if mean is None else round(mean, 4)}, [r["question"] for r in rows])


def lessons(f: Facts) -> ReportSection:
    parts = [f"- {_md_escape(i['title'])}: {_md_escape(i['lessons_learned'])}" for i in f["incidents"]
             if i.get("public") and i.get("lessons_learned")]
    parts += [f"- {_md_escape(c['name'])} v{c['to_version']}: {_md_escape(c['rationale'])}"
              for c in f["commitment_changes"] if c.get("rationale")]
    body = ("What changed in how risk is managed, and why, from the incidents' lessons and the reasons given for "
            "changed commitments:\n\n" + "\n".join(parts)) if parts else "No lesson was recorded in the period."
    return ReportSection("lessons-learned", TITLES["lessons-learned"], body, {"lessons": len(parts)},
                         [p[2:] for p in parts])


def fmti(f: Facts, manual) -> ReportSection:
    from redline.transparency import plots

    cov = coverage(f, manual)
    s = cov.summary()
    body = (f"Of the 100 indicators of the Foundation Model Transparency Index (Dec 2025), {s['from_records']} are "
            f"satisfied from records on redline, {s['manual']} by a manual disclosure and {s['open']} are open; the "
            f"score is {s['total']} of 100 (Upstream {s['domains']['Upstream']}, Model {s['domains']['Model']}, "
            f"Downstream {s['domains']['Downstream']}).")
    section = ReportSection("fmti", TITLES["fmti"], body,
                            {k: s[k] for k in ("total", "from_records", "manual", "open")} | {
                                f"domain_{d.lower()}": n for d, n in s["domains"].items()})
    section.plots = [plots.fmti_plot(cov)]
    return section


def practices(f: Facts, now: dt.datetime) -> ReportSection:
    from redline.transparency import plots

    pm = practice_map(f, now=now)
    counts = pm.counts()
    rows = [(p.practice.id, _md_escape(p.practice.title), p.status.replace("_", " "),
             (p.claim.status.value.replace("_", " ") if p.claim else "—") + (" (disagrees)" if p.disagrees else ""))
            for p in pm.practices]
    body = (f"{pm.draft}: {counts['done']} practices done, {counts['partial']} partial, {counts['planned']} planned, "
            f"{counts['not_yet_feasible']} not yet feasible and {counts['missing']} missing. The status is computed "
            "from the records; the organisation's own statement stands beside it.\n\n"
            + _table(("Practice", "Title", "Computed", "Own statement"), rows))
    section = ReportSection("practice-map", TITLES["practice-map"], body, dict(counts),
                            [f"{p.practice.id}: {p.status}" for p in pm.practices])
    section.plots = [plots.counts_plot("NIST AI 800-1 practices by status", counts)]
    return section


def generate(organisation: Mapping[str, Any], period: Quarter, facts_for: FactsFor, *, manual=None,
             now: dt.datetime) -> Report:
    """Every section of the report for ``period``; ``facts_for(audiences)`` gives the facts a readership sees."""
    cache: dict[frozenset[Audience], Facts] = {}

    def facts(key: str) -> Facts:
        audiences = frozenset(RESTRICTED[key][0].audiences) if key in RESTRICTED else frozenset({Audience.PUBLIC})
        if audiences not in cache:
            cache[audiences] = facts_for(audiences)
        return cache[audiences]

    at = min(now, period.end)
    build = {
        "misuse-risks": lambda k: misuse_risks(facts(k)), "thresholds": lambda k: thresholds(facts(k)),
        "safeguards": lambda k: safeguards(facts(k)), "safeguards-detail": lambda k: safeguards_detail(facts(k)),
        "incidents": lambda k: incidents(facts(k), at), "incidents-detail": lambda k: incidents_detail(facts(k)),
        "drills": lambda k: drills(facts(k)), "monitoring": lambda k: monitoring(facts(k)),
        "supply-chain": lambda k: supply_chain(facts(k)), "release": lambda k: release(facts(k)),
        "safety-cases": lambda k: safety_cases(facts(k)), "forecasts": lambda k: forecasts(facts(k)),
        "lessons-learned": lambda k: lessons(facts(k)), "fmti": lambda k: fmti(facts(k), manual),
        "practice-map": lambda k: practices(facts(k), at),
    }
    return Report(organisation, str(period), now, [build[key](key) for key in ORDER])


__all__ = ["DETAIL_MARKER", "ORDER", "RESTRICTED", "Report", "ReportSection", "generate", "response_times"]
