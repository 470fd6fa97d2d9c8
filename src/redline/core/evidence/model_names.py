"""Is the evidence about the model it is filed under?

An evaluation file names the model it ran (Inspect's ``eval.model``, garak's model name,
lm-eval's ``model_name``, a campaign's ``model`` column). :func:`check_model` compares that
name with the registered model (``ORG/NAME``) the evidence is filed under:

- **same**: the file names the registered model: ``ORG/NAME`` itself, its slug, its display
  name, or ``ORG/NAME`` behind a provider prefix (``hf/ORG/NAME``), compared without case;
- **alias**: the file names it otherwise and the importer declared the mapping
  (``mockllm/model=ORG/NAME``), which is kept with the evidence and shown with its verdict;
- **unnamed**: the file names no model, so only the importer's word ties it to the model;
- **mismatch**: anything else. Importers refuse it; a verdict calls it invalid.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from redline.core.errors import InvalidInput


class ModelMatch(enum.Enum):
    SAME = "same"
    ALIAS = "alias"
    UNNAMED = "unnamed"
    MISMATCH = "mismatch"


@dataclass(frozen=True)
class ModelCheck:
    """The outcome of :func:`check_model`: what the file says, what it is filed under, and how they relate."""

    match: ModelMatch
    source: str | None  # the model the file names
    model: str  # the registered model, ORG/NAME
    alias: str | None = None  # "SOURCE=ORG/NAME" when a declared mapping made them agree

    @property
    def ok(self) -> bool:
        return self.match is not ModelMatch.MISMATCH

    def describe(self) -> str:
        """One sentence for pages and the CLI."""
        if self.match is ModelMatch.SAME:
            return f"the file names {self.source!r}, which is {self.model}"
        if self.match is ModelMatch.ALIAS:
            return f"the file names {self.source!r}; the importer declared it to be {self.model} ({self.alias})"
        if self.match is ModelMatch.UNNAMED:
            return f"the file names no model; the importer filed it under {self.model}"
        return f"the file is about {self.source!r}, not {self.model}"


def _norm(name: str | None) -> str:
    return (name or "").strip().lower()


def parse_aliases(values: str | Iterable[str] | None, *, field: str = "model_alias") -> dict[str, str]:
    """``SOURCE=ORG/NAME`` mappings (several separated by commas or new lines) as {source: target}.

    Raises ``InvalidInput(field, …)`` naming the entry that is not of that shape.
    """
    if values is None:
        return {}
    items = [values] if isinstance(values, str) else list(values)
    out: dict[str, str] = {}
    for item in items:
        for entry in re.split(r"[,\n]", item or ""):
            entry = entry.strip()
            if not entry:
                continue
            source, sep, target = entry.partition("=")
            source, target = source.strip(), target.strip()
            if not sep or not source or target.count("/") != 1 or not all(target.split("/")):
                raise InvalidInput(field, f"{entry!r} is not SOURCE=ORG/NAME (e.g. mockllm/model=acme/acme-7b)")
            if _norm(source) in out and _norm(out[_norm(source)]) != _norm(target):
                raise InvalidInput(field, f"{source!r} is mapped twice")
            out[_norm(source)] = target
    return out


def format_alias(source: str, target: str) -> str:
    return f"{source}={target}"


def names_model(source: str | None, model: str, other_names: Iterable[str] = ()) -> bool:
    """True when ``source`` names ``model`` (``ORG/NAME``) or one of its ``other_names`` (slug, display name)."""
    s, full = _norm(source), _norm(model)
    if not s:
        return False
    return s == full or s.endswith("/" + full) or s in {_norm(n) for n in other_names if _norm(n)}


def check_model(source: str | None, model: str, aliases: Mapping[str, str] | None = None,
                other_names: Iterable[str] = ()) -> ModelCheck:
    """How the file's own model name ``source`` relates to the registered ``model`` (see the module)."""
    if not _norm(source):
        return ModelCheck(ModelMatch.UNNAMED, None, model)
    if names_model(source, model, other_names):
        return ModelCheck(ModelMatch.SAME, source, model)
    target = {_norm(k): v for k, v in (aliases or {}).items()}.get(_norm(source))
    if target is not None and _norm(target) == _norm(model):
        return ModelCheck(ModelMatch.ALIAS, source, model, format_alias(source.strip(), model))
    return ModelCheck(ModelMatch.MISMATCH, source, model)
