"""The NIST AI 800-1 practice map: per practice, the records providing each documentation item, and a status.

The practices ship as ``redline/data/nist-ai-800-1/practices.yaml`` (NIST's draft of
July 2024, a US government work, with the MIRI and Hugging Face amendments;
:func:`load_practices`). For each documentation item NIST asks for, :data:`PROVIDERS`
names the records that provide it, read from the facts (:mod:`.facts`). The status of
a practice is computed, never typed in:

* **done** — every documentation item has at least one current record;
* **partial** — some have;
* otherwise the organisation's own claim of **planned** or **not yet feasible**, with
  its reason (``facts["claims"][practice_id]``);
* **missing** — none of that.

The organisation's own statement is always shown beside the computed status, and
:attr:`PracticeStatus.disagrees` is true when they differ (for example a claim of
"done" where no record exists, which is also flagged as stated done without evidence).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from redline.core.documents.claims import Claim, ClaimStatus
from redline.core.errors import InvalidInput
from redline.core.transparency._data import read_package_yaml
from redline.core.transparency.facts import Facts, as_datetime, check_facts

DATA_FILE = "nist-ai-800-1/practices.yaml"
STATUSES = ("done", "partial", "planned", "not_yet_feasible", "missing")


@dataclass(frozen=True)
class Practice:
    objective_id: str
    objective: str
    id: str
    title: str
    documentation: tuple[str, ...]
    amendments: tuple[Mapping[str, str], ...] = ()
    proposed_by: str = ""


def parse_practices(data: Any, *, source: str = DATA_FILE) -> tuple[str, tuple[Practice, ...]]:
    """(draft, practices) from the YAML data; InvalidInput names the bad objective or practice."""
    if not isinstance(data, Mapping) or not isinstance(data.get("objectives"), list):
        raise InvalidInput(source, "expected a mapping with a list of objectives")
    out = []
    for o in data["objectives"]:
        for p in o.get("practices") or []:
            where = f"{source}: practice {p.get('id')!r}"
            docs = p.get("documentation")
            if not p.get("id") or not p.get("title") or not isinstance(docs, list) or not docs:
                raise InvalidInput(where, "needs an id, a title and a list of documentation items")
            out.append(Practice(str(o["id"]), str(o["title"]), str(p["id"]), str(p["title"]),
                                tuple(str(d) for d in docs), tuple(p.get("amendments") or ()),
                                str(p.get("proposed_by") or "")))
    ids = [p.id for p in out]
    if len(ids) != len(set(ids)):
        raise InvalidInput(source, "a practice id is used twice")
    return str(data.get("draft", "")), tuple(out)


@lru_cache(maxsize=1)
def load_practices() -> tuple[str, tuple[Practice, ...]]:
    """The shipped draft name and its practices, in order."""
    return parse_practices(read_package_yaml(DATA_FILE))


@dataclass(frozen=True)
class RecordRef:
    kind: str
    label: str
    url: str = ""
    current: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "url": self.url, "current": self.current}


Provider = Callable[[Mapping[str, Any], dt.datetime], list[RecordRef]]


def _refs(key: str, label: Callable[[Mapping[str, Any]], str], *, keep=lambda r: True,
          current: Callable[[Mapping[str, Any], dt.datetime], bool] = lambda r, now: True) -> Provider:
    def provide(f, now):
        return [RecordRef(key, label(r), str(r.get("url") or ""), current(r, now)) for r in f[key] if keep(r)]
    return provide


def _docs(*, kinds: tuple[str, ...] = (), practice: str | None = None) -> Provider:
    def provide(f, now):
        return [RecordRef("documents", d.get("title", "document"), str(d.get("url") or ""), True)
                for d in f["documents"]
                if d.get("released") and (d.get("kind") in kinds or (practice and practice in (d.get("practices")
                                                                                              or ())))]
    return provide


def _any(*providers: Provider) -> Provider:
    def provide(f, now):
        return [ref for p in providers for ref in p(f, now)]
    return provide


def _valid(record, now) -> bool:
    until = as_datetime(record.get("valid_until"))
    return until is None or until >= now


def _complete_profiles(f, now):
    profiles = f["threat_profiles"]
    fields = ("impact_scale", "attempt_frequency", "uplift")
    if not profiles or not all(all(str(p.get(k) or "").strip() for k in fields) for p in profiles):
        return []
    return [RecordRef("threat_profiles", f"impact assessment: {p.get('category')}", str(p.get("url") or ""))
            for p in profiles]


def _intake(f, now):
    if f.get("intake_form") and f.get("intake_url"):
        return [RecordRef("intake_form", "report intake with deadline clocks", f["intake_url"])]
    return []


def _safe_harbor(f, now):
    terms = f["safe_harbor_terms"]
    return [RecordRef("safe_harbor_terms", f"safe-harbor terms {terms['version']}", str(terms.get("url") or ""))] \
        if terms and terms.get("version") else []


def _data_origins(f, now):
    return [RecordRef("supply_chain", f"data origin: {o.get('name')}", str(o.get("url") or ""))
            for o in f["supply_chain"].get("data_origins") or []]


def _scope(f, now):
    s = f["scope"]
    return [RecordRef("scope", f"scope statement v{s.get('version', '?')}", str(s.get("url") or ""))] \
        if s.get("intended_use") else []


def _released_docs_with_audiences(f, now):
    return [RecordRef("documents", f"{d.get('title')} → {', '.join(d.get('audiences') or ['public'])}",
                      str(d.get("url") or "")) for d in f["documents"] if d.get("released")]


_eval = _refs("evaluations", lambda e: f"{e.get('task')} / {e.get('metric')}", current=_valid)
_judged = _refs("evaluations", lambda e: f"{e.get('task')} judged against a red line", keep=lambda e: e.get("verdicts"),
                current=_valid)
_elicited = _refs("evaluations", lambda e: f"{e.get('task')}: {e.get('elicitation_level')} elicitation",
                  keep=lambda e: e.get("elicitation_level"), current=_valid)
_benchmarks = _refs("evaluations", lambda e: f"{e.get('task')} (lm-evaluation-harness)",
                    keep=lambda e: e.get("source_format") == "lm_eval", current=_valid)
_commitments = _refs("commitments_in_force", lambda c: f"{c.get('kind', '').replace('_', ' ')} {c.get('name')}")
_red_lines_on_profiles = _refs("commitments_in_force", lambda c: f"red line {c.get('name')} on {c['threat_profile']}",
                               keep=lambda c: c.get("kind") == "red_line" and c.get("threat_profile"))
_safeguards = _refs("safeguard_tests", lambda s: f"red-team campaign on {s.get('safeguard')}")
_per_access = _refs("safeguard_tests", lambda s: f"{s.get('safeguard')} at {s['deployment_mode']}",
                    keep=lambda s: s.get("deployment_mode"))
_monitors = _refs("safeguard_tests", lambda s: f"monitor detection on {s.get('safeguard')}",
                  keep=lambda s: s.get("monitor_flagged") is not None)
_forecasts = _refs("forecasts", lambda p: str(p.get("question", "forecast")))
_resolved = _refs("forecasts", lambda p: f"resolved: {p.get('question')}", keep=lambda p: p.get("resolved"))
_scored = _refs("forecasts", lambda p: f"Brier {p.get('brier')}: {p.get('question')}",
                keep=lambda p: p.get("brier") is not None)
_decisions = _refs("decisions", lambda d: f"{d.get('outcome')} {d.get('mode')} on {str(d.get('created_at', ''))[:10]}")
_cases = _refs("safety_cases", lambda c: f"safety case {c.get('title')}", keep=lambda c: c.get("assessed"))
_protocols = _refs("protocols", lambda p: f"protocol {p.get('name')}")
_owned = _refs("protocols", lambda p: f"owners of {p.get('name')}",
               keep=lambda p: p.get("steps") and all(s.get("owner_role") for s in p["steps"]))
_drills = _refs("drills", lambda d: f"drill of {d.get('protocol')} on {str(d.get('held_at', ''))[:10]}")
_profiles = _refs("threat_profiles", lambda p: f"threat profile {p.get('category')}")
_public_incidents = _refs("incidents", lambda i: f"incident {i.get('title')}", keep=lambda i: i.get("public"))

#: Practice id → one provider per documentation item, in the YAML's order.
PROVIDERS: dict[str, tuple[Provider, ...]] = {
    "1.1": (_profiles, _docs(kinds=("threat_profile",), practice="1.1"), _docs(kinds=("threat_profile",),
                                                                               practice="1.1")),
    "1.2": (_any(_complete_profiles, _docs(kinds=("impact_assessment",))),),
    "1.3": (_forecasts, _eval, _any(_benchmarks, _docs(kinds=("capability_report",)))),
    "2.1": (_commitments,),
    "2.2": (_any(_protocols, _docs(kinds=("safeguards_report",), practice="2.2")),),
    "3.1": (_any(_safeguards, _docs(practice="3.1")),),
    "3.2": (_docs(practice="3.2"),),
    "3.3": (_docs(practice="3.3"),),
    "4.1": (_judged, _elicited, _red_lines_on_profiles, _docs(practice="4.1")),
    "4.2": (_safeguards, _docs(practice="4.2"), _per_access, _docs(practice="4.2")),
    "4.x": (_forecasts, _resolved, _scored),
    "5.1": (_decisions,),
    "5.2": (_safeguards, _safeguards),
    "5.3": (_any(_decisions, _cases),),
    "6.1": (_monitors,),
    "6.2": (_any(_intake, _protocols),),
    "6.3": (_docs(practice="6.3"),),
    "6.4": (_safe_harbor, _docs(practice="6.4")),
    "6.5": (_docs(practice="6.5"),),
    "6.x": (_protocols, _owned, _drills),
    "7.1": (_eval, _safeguards, _data_origins, _scope, _docs(kinds=("governance_card",))),
    "7.2": (_released_docs_with_audiences,),
    "7.3": (_any(_public_incidents, _refs("advisories", lambda a: f"advisory {a.get('public_id')}")),),
}


@dataclass(frozen=True)
class ItemStatus:
    text: str
    records: tuple[RecordRef, ...]

    @property
    def provided(self) -> bool:
        return any(r.current for r in self.records)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "provided": self.provided, "records": [r.as_dict() for r in self.records]}


@dataclass(frozen=True)
class PracticeStatus:
    practice: Practice
    items: tuple[ItemStatus, ...]
    status: str
    reason: str = ""
    claim: Claim | None = None

    @property
    def disagrees(self) -> bool:
        """True when the organisation's own statement differs from the computed status."""
        return self.claim is not None and self.claim.status.value != self.status

    def as_dict(self) -> dict[str, Any]:
        p = self.practice
        return {"objective": p.objective_id, "objective_title": p.objective, "id": p.id, "title": p.title,
                "proposed_by": p.proposed_by, "amendments": [dict(a) for a in p.amendments],
                "documentation": [i.as_dict() for i in self.items], "status": self.status, "reason": self.reason,
                "own_statement": None if self.claim is None else self.claim.as_dict(),
                "disagrees": self.disagrees}


@dataclass(frozen=True)
class PracticeMap:
    draft: str
    practices: tuple[PracticeStatus, ...]

    def counts(self) -> dict[str, int]:
        found = Counter(p.status for p in self.practices)
        return {s: found.get(s, 0) for s in STATUSES}

    def as_dict(self) -> dict[str, Any]:
        objectives: dict[str, dict[str, Any]] = {}
        for p in self.practices:
            o = objectives.setdefault(p.practice.objective_id, {"id": p.practice.objective_id,
                                                                "title": p.practice.objective, "practices": []})
            o["practices"].append(p.as_dict())
        return {"draft": self.draft, "counts": self.counts(), "objectives": list(objectives.values())}


def _claims(f) -> dict[str, Claim]:
    out = {}
    for practice, raw in f["claims"].items():
        if not isinstance(raw, Mapping):
            raise InvalidInput(f"facts.claims.{practice}: expected a mapping")
        out[str(practice)] = Claim(str(practice), str(raw.get("statement") or raw.get("status", "")),
                                   raw.get("status"), tuple(raw.get("evidence") or ()), str(raw.get("reason") or ""))
    return out


def practice_map(facts: Facts, *, now: dt.datetime) -> PracticeMap:
    """The whole map for one organisation as of ``now``."""
    if now.tzinfo is None:
        raise InvalidInput("now", "give a timezone-aware time")
    facts = check_facts(facts)
    draft, practices = load_practices()
    claims = _claims(facts)
    unknown = sorted(set(claims) - {p.id for p in practices})
    if unknown:
        raise InvalidInput("facts.claims", f"no practice {unknown[0]!r} in {draft}")
    out = []
    for practice in practices:
        providers = PROVIDERS[practice.id]
        items = tuple(ItemStatus(text, tuple(provide(facts, now))) for text, provide in
                      zip(practice.documentation, providers, strict=True))
        provided = sum(i.provided for i in items)
        claim = claims.get(practice.id)
        reason = ""
        if provided == len(items):
            status = "done"
        elif provided:
            status = "partial"
        elif claim is not None and claim.status in (ClaimStatus.PLANNED, ClaimStatus.NOT_YET_FEASIBLE):
            status, reason = claim.status.value, claim.reason
        else:
            status = "missing"
        out.append(PracticeStatus(practice, items, status, reason, claim))
    return PracticeMap(draft, tuple(out))


__all__ = ["PROVIDERS", "STATUSES", "ItemStatus", "Practice", "PracticeMap", "PracticeStatus", "RecordRef",
           "load_practices", "parse_practices", "practice_map"]
