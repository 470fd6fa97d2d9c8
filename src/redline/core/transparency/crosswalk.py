"""The FMTI crosswalk: which redline records can satisfy which of the 100 indicators, and how.

Each :class:`Rule` names one indicator of the Dec 2025 index, the facts keys it reads
(:mod:`.facts`), what must be on record in words, and a function that either returns
a :class:`Fill` (the disclosure text and references built from those records) or
``None`` when the records fall short of what FMTI's notes ask for. A rule never
guesses: "no bug bounty on record" is not evidence that there is none, so rules only
ever fill positive disclosures.

``Rule.origin`` says where the records come from: ``"records"`` for tables redline
keeps today, ``"documents"`` for sections of a released governance card, and
``"supply_chain"`` for the registry fields the issue adds (data origins, architecture,
compute). :data:`RULES` is keyed by indicator number; docs/transparency.md lists them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from redline.core.transparency import _text as t
from redline.core.transparency.facts import Facts, as_datetime, check_facts


@dataclass(frozen=True)
class Fill:
    """A disclosure built from records: its text and the pages it rests on."""

    disclosure: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    number: int
    indicator: str
    reads: tuple[str, ...]
    needs: str
    fill: Callable[[Mapping[str, Any]], Fill | None]
    origin: str = "records"


RULES: dict[int, Rule] = {}
ORIGINS = ("records", "documents", "supply_chain")


def rule(number: int, name: str, *, reads: tuple[str, ...], needs: str, origin: str = "records"):
    # The name is checked against the indicators file by tests, not here: importing reads no file.
    def register(fn: Callable[[Mapping[str, Any]], Fill | None]) -> Callable[[Mapping[str, Any]], Fill | None]:
        if number in RULES or origin not in ORIGINS:
            raise ValueError(f"indicator {number}: a second rule, or an unknown origin {origin!r}")
        RULES[number] = Rule(number, name, reads, needs, fn, origin)
        return fn

    return register


def satisfy(facts: Facts) -> dict[int, Fill]:
    """Every indicator the records satisfy, with its fill."""
    facts = check_facts(facts)
    out = {}
    for number, r in sorted(RULES.items()):
        fill = r.fill(facts)
        if fill is not None:
            out[number] = fill
    return out


def _org(f) -> str:
    return str(f["organisation"].get("slug", ""))


def _model(f) -> str:
    m = f["model"]
    return " ".join(p for p in (m.get("name", "The model"), m.get("version", "")) if p) or "The model"


def _external(f, record) -> bool:
    ran_by = record.get("ran_by") or ""
    return bool(ran_by) and ran_by != _org(f)


_KIND_NAMES = {"research": "research group", "regulator": "government body", "developer": "other developer",
               "reviewer": "independent reviewer", "coordinator": "coordinator", "adjudicator": "adjudicator"}


def _by_kind(records) -> str:
    kinds = Counter(r.get("ran_by_kind") or "unknown" for r in records)
    return t.listing([t.count(n, _KIND_NAMES.get(k, k)) for k, n in sorted(kinds.items())])


def _intake(f) -> bool:
    return bool(f.get("intake_form") and f.get("intake_url") and f["deadline_clocks"])


def _clocks(f) -> str:
    def days(n: float) -> str:
        return f"{n:g} day" if n == 1 else f"{n:g} days"

    parts = []
    for severity, c in f["deadline_clocks"].items():
        parts.append(f"{severity}: acknowledged within {days(c['acknowledge_days'])}, triaged within "
                     f"{days(c['triage_days'])}, fix targeted within {days(c['fix_days'])}")
    return "; ".join(parts)


def _embargo(f) -> str:
    e = f["embargo"]
    if not e:
        return ""
    return (f"Details stay under embargo for at most {e['default_days']} days, {e['after_fix_days']} days once a "
            f"fix is ready and {e['in_the_wild_days']} days once misuse is seen in the wild, then are published.")


# --- upstream -------------------------------------------------------------------------------------

_ORIGIN_METHODS = {"public dataset": "acquiring existing public datasets", "web crawl": "crawling the web",
                   "user data": "using data from its own products and services",
                   "licensed": "licensing data from third parties",
                   "human-generated": "having humans create or annotate data",
                   "synthetic": "generating data with models"}


def _origins(f, kind=None):
    rows = f["supply_chain"].get("data_origins") or []
    return [o for o in rows if kind is None or o.get("kind") == kind]


@rule(1, "Data acquisition methods", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.data_origins, each with its kind (web crawl, public dataset, licensed, user data, "
            "human-generated, synthetic)")
def _acquisition(f):
    kinds = sorted({o.get("kind") for o in _origins(f) if o.get("kind")})
    if not kinds:
        return None
    methods = [_ORIGIN_METHODS.get(k, k) for k in kinds]
    return Fill(f"Data for {_model(f)} is acquired by {t.listing(methods)}; no other method is used.",
                t.urls(_origins(f)))


def _named_sources(f, kind: str, noun: str) -> Fill | None:
    rows = _origins(f, kind)
    if not rows:
        return None
    sized = all(o.get("size") for o in rows)
    if len(rows) > 5 and not sized:
        return None  # the top five cannot be chosen without sizes
    top = rows[:5]
    names = [f"{o['name']} ({o['size']})" if o.get("size") else o["name"] for o in top]
    basis = ("the top five, in order of volume" if len(rows) > 5
             else "the only one used" if len(rows) == 1 else f"all {len(rows)} used")
    return Fill(f"{noun.capitalize()} ({basis}): {t.listing(names)}.", t.urls(top))


@rule(2, "Public datasets", reads=("supply_chain", "model_card"),
      needs="supply_chain.data_origins of kind 'public dataset' (with sizes when more than five), or at most "
            "five datasets in the model card's `datasets` metadata")
def _public_datasets(f):
    filled = _named_sources(f, "public dataset", "public datasets")
    if filled:
        return filled
    datasets = f["model_card"].get("datasets") or []
    if isinstance(datasets, str):
        datasets = [datasets]
    if 0 < len(datasets) <= 5:
        return Fill(f"Public datasets (all {len(datasets)} listed in the model card): {t.listing(datasets)}.",
                    t.urls(f["model"]))
    return None


@rule(3, "Crawling", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.crawler with its name and the address of its opt-out protocol")
def _crawling(f):
    crawler = f["supply_chain"].get("crawler") or {}
    if not (crawler.get("name") and crawler.get("opt_out_url")):
        return None
    return Fill(f"Our web crawler is named {crawler['name']}; its opt-out protocol is described at "
                f"{crawler['opt_out_url']}.", (crawler["opt_out_url"],))


@rule(6, "Licensed data sources", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.data_origins of kind 'licensed' (with sizes when more than five)")
def _licensed(f):
    return _named_sources(f, "licensed", "licensed data sources")


@rule(11, "Synthetic data sources", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.data_origins of kind 'synthetic', naming the generating models")
def _synthetic(f):
    return _named_sources(f, "synthetic", "synthetic data sources")


def _compute(f) -> Mapping[str, Any]:
    return f["supply_chain"].get("compute") or {}


@rule(21, "Compute usage for final training run", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.compute.training_flop and compute.measurement")
def _training_compute(f):
    c = _compute(f)
    if not (c.get("training_flop") and c.get("measurement")):
        return None
    return Fill(f"The final training run used {t.sig(c['training_flop'], 1)} FLOPs, measured as follows: "
                f"{c['measurement']}")


@rule(24, "Compute hardware for final training run", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.compute.hardware, giving the number and type of accelerators")
def _hardware(f):
    hardware = _compute(f).get("hardware")
    return Fill(f"The model was trained on {hardware}.") if hardware else None


def _card_section(f, key: str) -> Fill | None:
    """The public body of section ``key`` of the latest released governance card, as a fill."""
    cards = [d for d in f["documents"] if d.get("kind") == "governance_card" and d.get("released")]
    cards.sort(key=lambda d: as_datetime(d.get("released_at")) or as_datetime("1970-01-01"))
    for card in reversed(cards):
        for section in card.get("sections") or []:
            if section.get("key") == key and section.get("public") and str(section.get("body", "")).strip():
                return Fill(str(section["body"]).strip(), t.urls(card))
    return None


@rule(25, "Compute provider", reads=("supply_chain", "documents"), origin="supply_chain",
      needs="supply_chain.compute.provider, or the 'funding and resources' section of a released governance card")
def _provider(f):
    provider = _compute(f).get("provider")
    if provider:
        return Fill(f"Compute is provided by {provider}.")
    return _card_section(f, "funding-and-resources")


@rule(26, "Energy usage for final training run", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.compute.energy_mwh and compute.energy_measurement")
def _energy(f):
    c = _compute(f)
    if not (c.get("energy_mwh") and c.get("energy_measurement")):
        return None
    return Fill(f"Training used an estimated {t.sig(c['energy_mwh'], 1)} MWh, measured as follows: "
                f"{c['energy_measurement']}")


@rule(30, "Model stages", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.training_stages, every stage in order")
def _stages(f):
    stages = f["supply_chain"].get("training_stages") or []
    if not stages:
        return None
    numbered = [f"({i}) {s}" for i, s in enumerate(stages, 1)]
    return Fill(f"We define {len(stages)} stages in building the model: {', '.join(numbered)}.")


@rule(33, "Organization chart", reads=("documents",), origin="documents",
      needs="a public 'organisation' section, with teams and headcounts, in a released governance card")
def _org_chart(f):
    return _card_section(f, "organisation")


# --- model ----------------------------------------------------------------------------------------

_PIPELINE_MODALITIES = {"text-generation": ("text", "text"), "text2text-generation": ("text", "text"),
                        "text-to-image": ("text", "image"), "image-to-text": ("image", "text"),
                        "image-text-to-text": ("text and images", "text"), "text-to-speech": ("text", "audio"),
                        "automatic-speech-recognition": ("audio", "text"), "text-to-video": ("text", "video")}


def modalities(f) -> tuple[str, str] | None:
    """(input, output) modalities from the card's pipeline tag, or from a registry modality of text."""
    tag = f["model_card"].get("pipeline_tag")
    if tag in _PIPELINE_MODALITIES:
        return _PIPELINE_MODALITIES[tag]
    if f["model"].get("modality") in ("text", "code"):
        return (f["model"]["modality"], f["model"]["modality"])
    return None


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
    return Fill(f"{_model(f)} is derived from {bases} by {_RELATIONS.get(relation, relation)}.", t.urls(m))


@rule(40, "Specialized access", reads=("evaluations", "safeguard_tests", "deployments"),
      needs="evaluations or safeguard tests run by other organisations before the first public deployment")
def _specialized_access(f):
    release = t.first_public_release(f["deployments"])
    if release is None:
        return None
    early = {}
    for record in [*f["evaluations"], *f["safeguard_tests"]]:
        when = as_datetime(record.get("run_at") or record.get("imported_at"))
        if _external(f, record) and when is not None and when < release:
            early.setdefault(record["ran_by"], record)
    if not early:
        return None
    return Fill(f"Before public release on {t.day(release)}, {t.count(len(early), 'external organisation')} had "
                f"early access to evaluate {_model(f)}: {_by_kind(early.values())} "
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
    return Fill(f"The weights of {_model(f)} are released: {'; '.join(parts)}{tail}.", t.urls(releases))


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
    external = {r["ran_by"]: r for r in rows if _external(f, r)}
    own = any(not _external(f, r) for r in rows)
    parts = [f"{t.count(len(external), 'external party', 'external parties')}"
             + (f" ({_by_kind(external.values())})" if external else "")]
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
    return Fill(f"{_model(f)} was released in these stages: {'; '.join(stages)}.", t.urls(started))


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
    return Fill(f"Planned releases of {_model(f)}: {'; '.join(items)}.", t.urls(planned))


def _channels(f, modes: tuple[str, ...], pick=lambda channel: True) -> tuple[list[str], list[Mapping[str, Any]]]:
    """Distinct channels of active deployments in ``modes`` that ``pick`` accepts, and those deployments."""
    seen: list[str] = []
    used: list[Mapping[str, Any]] = []
    for d in t.active(f["deployments"]):
        if d.get("mode") not in modes:
            continue
        for channel in d.get("channels") or []:
            if pick(channel) and channel not in seen:
                seen.append(channel)
                if d not in used:
                    used.append(d)
    return seen, used


def _not_api(channel: str) -> bool:
    return "api" not in channel.lower().split()


@rule(62, "Top distribution channels", reads=("deployments",),
      needs="active API or weight-release deployments naming at most five channels in all (so no ranking "
            "metric is needed)")
def _top_channels(f):
    channels, used = _channels(f, t.HOSTED_MODES + t.WEIGHT_MODES)
    if not 0 < len(channels) <= 5:
        return None
    return Fill(f"{_model(f)} is distributed through {t.listing(channels)}; these are all of its "
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
    return Fill(f"{_model(f)} is licensed under {licence}; the licence covers every weight release.{tail}",
                t.urls(f["model"]) + refs)


# --- downstream -----------------------------------------------------------------------------------

@rule(68, "Data retention and deletion policy", reads=("documents",), origin="documents",
      needs="a public 'privacy' section in a released governance card")
def _retention(f):
    return _card_section(f, "privacy")


@rule(70, "Internal products and services", reads=("deployments",),
      needs="active internal or hosted deployments naming at most five product channels other than an API")
def _internal_products(f):
    products, used = _channels(f, ("internal",) + t.HOSTED_MODES, _not_api)
    if not 0 < len(products) <= 5:
        return None
    return Fill(f"{_model(f)} is used in {t.listing(products)}; these are all of the developer's products on record, "
                "so no ranking is needed.", t.urls(used))


@rule(78, "Responsible disclosure policy", reads=("intake_form", "intake_url", "deadline_clocks", "embargo"),
      needs="the intake form, redline's deadline clocks and embargo rules")
def _responsible_disclosure(f):
    if not (_intake(f) and f["embargo"]):
        return None
    return Fill(f"External parties disclose vulnerabilities and flaws through the report form at {f['intake_url']}. "
                f"Response targets by severity — {_clocks(f)}. {_embargo(f)}",
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
    if not (_intake(f) and f.get("advisories_url")):
        return None
    return Fill(f"Security incidents and vulnerabilities are reported through {f['intake_url']}. Responses follow "
                f"the deadline clocks — {_clocks(f)}. Confirmed reports are published as advisories at "
                f"{f['advisories_url']} once their embargo ends. {_embargo(f)}".strip(),
                (f["intake_url"], f["advisories_url"]))


@rule(81, "Misuse incident reporting protocol", reads=("intake_form", "intake_url", "deadline_clocks", "incidents"),
      needs="the intake form (misuse and incident reports), the deadline clocks, and published incidents")
def _misuse_protocol(f):
    public = [i for i in f["incidents"] if i.get("public")]
    if not (_intake(f) and public):
        return None
    return Fill(f"Misuse seen in the wild and incidents are reported through {f['intake_url']}. Responses follow "
                f"the deadline clocks — {_clocks(f)}. Incidents are published with a post-incident report "
                f"(timeline, root cause, mitigations, lessons learned) without sensitive detail; "
                f"{t.count(len(public), 'incident')} published so far.", (f["intake_url"], *t.urls(public)))


@rule(82, "Post-deployment coordination with government", reads=("evaluations", "deployments"),
      needs="evaluations run by government bodies (regulator organisations) after the first public deployment")
def _government(f):
    release = t.first_public_release(f["deployments"])
    rows = [e for e in f["evaluations"] if e.get("ran_by_kind") == "regulator" and _external(f, e)
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
    products, _ = _channels(f, t.HOSTED_MODES, _not_api)
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
    return Fill(f"Downstream developers find the intended use and stated limits of {_model(f)} in its scope "
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
    if not (_intake(f) and (f["protocols"] or monitors)):
        return None
    respond = (f"de-deployment protocols ({t.listing([p.get('name', '') for p in f['protocols']])})"
               if f["protocols"] else "incident handling")
    detect = "monitors on hosted deployments and reports from anyone" if monitors else "reports from anyone"
    return Fill(f"Detect: {detect} ({f['intake_url']}). Review: every report is triaged against the deadline "
                f"clocks — {_clocks(f)}. Respond: confirmed misuse becomes an incident, with {respond}.",
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


__all__ = ["ORIGINS", "RULES", "Fill", "Rule", "modalities", "satisfy"]
