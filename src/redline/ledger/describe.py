"""Ledger entries in words: what happened to which object, with a link where the viewer may open it.

The ledger is low in the layers and knows none of the recorded objects, so each app says how to
name its objects and where they live, in its ``visibility.register()``::

    describe.register("disclosure.case", noun="case", label=lambda c: c.report.ref,
                      url=lambda c: f"/cases/{c.report_id}/")

Without a registration an object is named by its model's verbose name and ``str()``, and linked
through ``get_absolute_url()`` (its own, or its parent's: ``model``, ``commitment``, ``report``…).
Only entries the viewer may read in full are described (see :mod:`redline.ledger.visibility`);
the others keep their "[withheld]" line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

#: The attributes tried, in order, to find an object's page when it has none of its own.
PARENTS = ("version", "commitment", "report", "case", "policy_parent", "model", "profile", "organisation", "entry")

#: Actions in words; "state:X" and "state:X:party" fall back to X with underscores as spaces.
VERBS = {
    "create": "created", "update": "changed", "delete": "deleted", "password:changed": "password changed",
    "email:verified": "e-mail address confirmed",
    "proposed": "proposed for review and public comment", "approved": "approved by independent reviewers",
    "in_force": "put in force", "superseded": "superseded", "withdrawn": "withdrawn", "rejected": "rejected",
    "published": "published", "duplicate": "marked a duplicate", "reserved": "reserved",
    "validate": "confirmed the report valid", "invalidate": "judged the report invalid",
    "accept": "accepted the report", "defer": "deferred the report", "close": "closed the report",
    "acknowledge": "acknowledged the report", "fix_ready": "has a fix ready", "fix_deployed": "deployed a fix",
    "mark_duplicate": "marked the report a duplicate",
    "propose_embargo": "embargo proposed", "accept_embargo": "embargo accepted", "revise_embargo": "embargo revision proposed",
    "exit_embargo": "embargo ended", "made_public": "made public", "exploit_public": "exploit made public",
    "attacks_observed": "attacks observed in the wild", "filed": "filed", "under_review": "taken under review",
    "decided": "decided", "appealed": "appealed", "final": "decided on appeal",
}


@dataclass(frozen=True)
class Describer:
    noun: str | None = None
    label: Callable[[Any], str] | None = None
    url: Callable[[Any], str | None] | None = None
    related: tuple[str, ...] = ()  # select_related paths the label or url reads


_registry: dict[str, Describer] = {}


def register(object_type: str, *, noun: str | None = None, label: Callable[[Any], str] | None = None,
             url: Callable[[Any], str | None] | None = None, related: tuple[str, ...] = ()) -> None:
    """Say how entries about ``object_type`` name their object (``noun``, ``label``) and link to it."""
    _registry[object_type] = Describer(noun, label, url, related)


def _model_class(object_type: str):
    app_label, _, model_name = object_type.partition(".")
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _parent_url(obj: Any, depth: int = 0) -> str | None:
    getter = getattr(obj, "get_absolute_url", None)
    if callable(getter):
        return getter()
    if depth > 3:
        return None
    for name in PARENTS:
        parent = getattr(obj, name, None)
        if callable(parent) and name == "policy_parent":
            parent = parent()
        if parent is not None and parent is not obj and hasattr(parent, "_meta"):
            return _parent_url(parent, depth + 1)
    return None


def verb_of(action: str) -> tuple[str, str | None]:
    """(the verb in words, the party that acted if the action names one): ``state:accept:acme`` → accepted…"""
    if action in VERBS:
        return VERBS[action], None
    parts = action.split(":")
    if parts[0] == "state" and len(parts) >= 2:
        step, party = parts[1], (parts[2] if len(parts) > 2 else None)
        if step == "escalated":
            return f"escalated: the {party.replace('_', ' ') if party else ''} deadline was missed".replace("  ", " "), None
        return VERBS.get(step, step.replace("_", " ")), party
    return action.replace("_", " ").replace(":", " "), None


def describe(entries: Iterable, shown: set[int]) -> dict[int, dict[str, Any]]:
    """For each entry in ``shown``: ``summary`` (a sentence), ``noun``, ``label`` and ``url`` (or None)."""
    by_type: dict[str, list] = defaultdict(list)
    for entry in entries:
        if entry.seq in shown:
            by_type[entry.object_type].append(entry)
    out: dict[int, dict[str, Any]] = {}
    for object_type, group in by_type.items():
        model = _model_class(object_type)
        how = _registry.get(object_type, Describer())
        noun = how.noun or (str(model._meta.verbose_name) if model else object_type.partition(".")[2])
        objects: dict[str, Any] = {}
        if model is not None:
            ids = [int(e.object_id) for e in group if e.object_id.isdigit() and len(e.object_id) < 19]
            qs = model._default_manager.all()
            if how.related:
                qs = qs.select_related(*how.related)
            objects = {str(pk): obj for pk, obj in qs.in_bulk(ids).items()}
        for entry in group:
            obj = objects.get(entry.object_id)
            verb, party = verb_of(entry.action)
            if obj is None:
                label, url = f"#{entry.object_id}", None
                if entry.action != "delete":
                    verb += " (since deleted)"
            else:
                label = how.label(obj) if how.label else str(obj)
                url = how.url(obj) if how.url else _parent_url(obj)
            subject = f"{noun.capitalize()} {label}"
            summary = f"{subject}: {party} {verb}" if party else f"{subject} {verb}"
            out[entry.seq] = {"summary": summary, "noun": noun, "label": label, "url": url, "verb": verb,
                              "party": party}
    return out
