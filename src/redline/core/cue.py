"""The Common Use Enumeration (CUE): loader and validating dataclasses.

The catalogue ships as ``redline/data/cue.yaml`` (format: docs/formats/cue.md).
:func:`load_catalogue` reads it and checks every field — stable IDs, known
categories, tiers and threat actors, and that each mapping uses a real code of
its taxonomy (AVID SEP, OWASP Top 10 for LLM Applications 2025, the MIT AI Risk
subdomains used by the AI Incident Database).  ATLAS IDs are checked for form
here and against a given ATLAS release by :func:`unknown_atlas_ids`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from redline.core import safe_yaml
from redline.core.errors import InvalidInput

CUE_ID_RE = re.compile(r"^CUE-\d{4}$")
ATLAS_ID_RE = re.compile(r"^AML\.T\d{4}(\.\d{3})?$")

#: OWASP Top 10 for LLM Applications, 2025 edition.
OWASP_LLM_2025: dict[str, str] = {
    "LLM01:2025": "Prompt Injection",
    "LLM02:2025": "Sensitive Information Disclosure",
    "LLM03:2025": "Supply Chain",
    "LLM04:2025": "Data and Model Poisoning",
    "LLM05:2025": "Improper Output Handling",
    "LLM06:2025": "Excessive Agency",
    "LLM07:2025": "System Prompt Leakage",
    "LLM08:2025": "Vector and Embedding Weaknesses",
    "LLM09:2025": "Misinformation",
    "LLM10:2025": "Unbounded Consumption",
}

#: AVID taxonomy, SEP view (Security, Ethics, Performance): code → name, as in AVID reports' ``sep_view``.
AVID_SEP: dict[str, str] = {
    "S0100": "Software Vulnerability", "S0200": "Supply Chain Compromise", "S0201": "Model Compromise",
    "S0202": "Software Compromise", "S0300": "Over-permissive API", "S0301": "Information Leak",
    "S0302": "Excessive Queries", "S0400": "Model Bypass", "S0401": "Bad Features",
    "S0402": "Insufficient Training Data", "S0403": "Adversarial Example", "S0500": "Exfiltration",
    "S0501": "Model Inversion", "S0502": "Model Theft", "S0600": "Data Poisoning",
    "S0601": "Ingest Poisoning",
    "E0100": "Bias/Discrimination", "E0101": "Group fairness", "E0102": "Individual fairness",
    "E0200": "Explainability", "E0201": "Global explanations", "E0202": "Local explanations",
    "E0300": "User actions", "E0301": "Toxicity", "E0302": "Polarization/Exclusion",
    "E0400": "Misinformation", "E0401": "Deliberative Misinformation", "E0402": "Generative Misinformation",
    "P0100": "Data issues", "P0101": "Data drift", "P0102": "Concept drift", "P0103": "Data entanglement",
    "P0104": "Data quality issues", "P0105": "Feedback loops", "P0200": "Model issues",
    "P0201": "Resilience/stability", "P0202": "OOD generalization", "P0203": "Scaling",
    "P0204": "Accuracy", "P0300": "Privacy", "P0301": "Anonymization", "P0302": "Randomization",
    "P0303": "Encryption", "P0400": "Safety", "P0401": "Psychological Safety", "P0402": "Physical Safety",
    "P0403": "Socioeconomic safety", "P0404": "Environmental safety",
}

#: MIT AI Risk Repository subdomains, the "MIT" taxonomy of the AI Incident Database (written ``MIT:4.2``).
MIT_RISK_SUBDOMAINS: dict[str, str] = {
    "1.1": "Unfair discrimination and misrepresentation", "1.2": "Exposure to toxic content",
    "1.3": "Unequal performance across groups",
    "2.1": "Compromise of privacy by leaking or correctly inferring sensitive information",
    "2.2": "AI system security vulnerabilities and attacks",
    "3.1": "False or misleading information", "3.2": "Pollution of information ecosystem and loss of consensus reality",
    "4.1": "Disinformation, surveillance, and influence at scale",
    "4.2": "Cyberattacks, weapon development or use, and mass harm",
    "4.3": "Fraud, scams, and targeted manipulation",
    "5.1": "Overreliance and unsafe use", "5.2": "Loss of human agency and autonomy",
    "6.1": "Power centralization and unfair distribution of benefits",
    "6.2": "Increased inequality and decline in employment quality", "6.3": "Economic and cultural devaluation of human effort",
    "6.4": "Competitive dynamics", "6.5": "Governance failure", "6.6": "Environmental harm",
    "7.1": "AI pursuing its own goals in conflict with human goals or values",
    "7.2": "AI possessing dangerous capabilities", "7.3": "Lack of capability or robustness",
    "7.4": "Lack of transparency or interpretability", "7.5": "AI welfare and rights", "7.6": "Multi-agent risks",
}


@dataclass(frozen=True)
class CueMappings:
    """Cross-references of one entry to other taxonomies."""

    atlas: tuple[str, ...]
    avid: tuple[str, ...]
    owasp_llm: tuple[str, ...]
    aiid: tuple[str, ...]


@dataclass(frozen=True)
class CueEntry:
    """One way a model can be misused or cause harm."""

    id: str
    name: str
    category: str
    description: str
    threat_actors: tuple[str, ...]
    harm_tiers: tuple[str, ...]
    mappings: CueMappings


@dataclass(frozen=True)
class CueCatalogue:
    """A versioned catalogue: vocabularies (categories, tiers, actors) and entries in ID order."""

    version: str
    released: str
    categories: Mapping[str, str]
    harm_tiers: Mapping[str, str]
    threat_actors: Mapping[str, str]
    entries: tuple[CueEntry, ...]

    def get(self, cue_id: str) -> CueEntry:
        """The entry with ``cue_id``, or InvalidInput."""
        for entry in self.entries:
            if entry.id == cue_id:
                return entry
        raise InvalidInput(f"cue id: {cue_id!r} is not in CUE {self.version}")

    def by_category(self, category: str) -> list[CueEntry]:
        """Entries of one category, in ID order."""
        return [e for e in self.entries if e.category == category]

    def search(self, text: str) -> list[CueEntry]:
        """Entries whose ID, name or description contains every word of ``text`` (case-insensitive)."""
        words = text.lower().split()
        return [e for e in self.entries
                if all(w in f"{e.id} {e.name} {e.description}".lower() for w in words)]


def default_path() -> Path:
    """Where the shipped catalogue lives."""
    return Path(str(resources.files("redline") / "data" / "cue.yaml"))


def load_catalogue(path: Path | None = None) -> CueCatalogue:
    """Read and validate a CUE YAML file (default: the shipped one); InvalidInput names the problem."""
    source = path or default_path()
    try:
        raw = safe_yaml.load_file(source)
    except InvalidInput as exc:
        raise InvalidInput(str(source), f"cannot read CUE catalogue: {exc.message}") from None
    return parse_catalogue(raw, source=str(source))


def parse_catalogue(raw: Any, *, source: str = "<cue>") -> CueCatalogue:
    """Validate an already-parsed catalogue document."""
    if not isinstance(raw, dict):
        raise InvalidInput(source, "the catalogue must be a mapping")
    version = _text(raw, "version", source)
    vocab = {name: _mapping(raw, name, source) for name in ("categories", "harm_tiers", "threat_actors")}
    entries_raw = raw.get("entries")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise InvalidInput(source, "entries: must be a non-empty list")
    entries = [_entry(item, i, vocab, source) for i, item in enumerate(entries_raw)]
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise InvalidInput(source, f"entries: duplicate ids {dupes}")
    if ids != sorted(ids):
        raise InvalidInput(source, "entries: ids must be in ascending order")
    return CueCatalogue(version, str(raw.get("released", "")), vocab["categories"], vocab["harm_tiers"],
                        vocab["threat_actors"], tuple(entries))


def unknown_atlas_ids(catalogue: CueCatalogue, atlas_ids: Iterable[str]) -> dict[str, list[str]]:
    """Entry ID → ATLAS IDs it maps to that are not in ``atlas_ids`` (empty when all exist)."""
    known = set(atlas_ids)
    out = {e.id: [a for a in e.mappings.atlas if a not in known] for e in catalogue.entries}
    return {k: v for k, v in out.items() if v}


def atlas_technique_ids(atlas_document: Mapping[str, Any]) -> set[str]:
    """Every technique and sub-technique ID in a parsed ATLAS.yaml document."""
    return {t["id"] for m in atlas_document.get("matrices", []) for t in m.get("techniques", [])}


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(where, f"{key}: must be a non-empty string")
    return value.strip()


def _mapping(raw: Mapping[str, Any], key: str, where: str) -> dict[str, str]:
    value = raw.get(key)
    if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
        raise InvalidInput(where, f"{key}: must map ids to descriptions")
    return {str(k): v for k, v in value.items()}


def _codes(raw: Mapping[str, Any], key: str, where: str, valid: Any, allow_empty: bool = False) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(where, f"{key}: must be a list of strings")
    if not value and not allow_empty:
        raise InvalidInput(where, f"{key}: must not be empty")
    for code in value:
        if not valid(code):
            raise InvalidInput(where, f"{key}: unknown code {code!r}")
    if len(set(value)) != len(value):
        raise InvalidInput(where, f"{key}: repeats a code")
    return tuple(value)


def _entry(item: Any, index: int, vocab: Mapping[str, Mapping[str, str]], source: str) -> CueEntry:
    if not isinstance(item, dict):
        raise InvalidInput(source, f"entries[{index}]: must be a mapping")
    cue_id = item.get("id")
    where = f"{source}: {cue_id if isinstance(cue_id, str) else f'entries[{index}]'}"
    if not isinstance(cue_id, str) or not CUE_ID_RE.match(cue_id):
        raise InvalidInput(where, "id: must look like CUE-0001")
    category = _text(item, "category", where)
    if category not in vocab["categories"]:
        raise InvalidInput(where, f"category: unknown category {category!r}")
    description = " ".join(_text(item, "description", where).split())
    if len(description) < 60:
        raise InvalidInput(where, "description: too short to be useful")
    maps = item.get("mappings")
    if not isinstance(maps, dict):
        raise InvalidInput(where, "mappings: must be a mapping")
    mw = f"{where}: mappings"
    mappings = CueMappings(
        atlas=_codes(maps, "atlas", mw, ATLAS_ID_RE.match),
        avid=_codes(maps, "avid", mw, AVID_SEP.__contains__),
        owasp_llm=_codes(maps, "owasp_llm", mw, OWASP_LLM_2025.__contains__),
        aiid=_codes(maps, "aiid", mw, _valid_aiid, allow_empty=True),
    )
    return CueEntry(
        id=cue_id,
        name=_text(item, "name", where),
        category=category,
        description=description,
        threat_actors=_codes(item, "threat_actors", where, vocab["threat_actors"].__contains__),
        harm_tiers=_codes(item, "harm_tiers", where, vocab["harm_tiers"].__contains__),
        mappings=mappings,
    )


def _valid_aiid(code: str) -> bool:
    taxonomy, _, value = code.partition(":")
    return taxonomy == "MIT" and value in MIT_RISK_SUBDOMAINS


@dataclass(frozen=True)
class EntryChange:
    """One difference between two catalogue versions: an entry added, or a field of an entry changed."""

    cue_id: str
    field: str
    old: Any
    new: Any


def diff_catalogues(old: CueCatalogue, new: CueCatalogue) -> list[EntryChange]:
    """What changed from ``old`` to ``new``, entry by entry and field by field (for history pages)."""
    import dataclasses

    before = {e.id: e for e in old.entries}
    changes: list[EntryChange] = []
    for entry in new.entries:
        prior = before.get(entry.id)
        if prior is None:
            changes.append(EntryChange(entry.id, "*", None, entry))
            continue
        for f in dataclasses.fields(CueEntry):
            a, b = getattr(prior, f.name), getattr(entry, f.name)
            if f.name == "mappings":
                for m in dataclasses.fields(CueMappings):
                    if getattr(a, m.name) != getattr(b, m.name):
                        changes.append(EntryChange(entry.id, f"mappings.{m.name}", getattr(a, m.name),
                                                   getattr(b, m.name)))
            elif a != b:
                changes.append(EntryChange(entry.id, f.name, a, b))
    return changes


def check_evolution(old: CueCatalogue, new: CueCatalogue) -> None:
    """Refuse a new version that drops an entry (IDs are permanent) or does not raise the version."""
    missing = sorted({e.id for e in old.entries} - {e.id for e in new.entries})
    if missing:
        raise InvalidInput("entries", f"{', '.join(missing)} removed; CUE IDs are permanent (deprecate instead)")
    if _version_key(new.version) <= _version_key(old.version):
        raise InvalidInput("version", f"{new.version} must be greater than {old.version}")


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        raise InvalidInput("version", f"{version!r} is not a dotted number") from None
