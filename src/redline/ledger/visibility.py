"""Which ledger entries a viewer may read in full; the rest show only their place in the chain.

Everyone sees every entry's position, time and hashes, so the chain stays verifiable from
outside; the action, object and actor of an entry are shown only to viewers who may see the
object it is about. The ledger is low in the layers and knows none of those objects, so the app
that owns each recorded model registers how to tell, in its ``AppConfig.ready``::

    visibility.register("registry.aimodel", visibility.by_filter(AIModel, lambda user: visible_filter(user)))

An object type nobody registered is shown in full to operators only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Model, Q

#: (viewer, object ids as stored in entries) -> the ids among them the viewer may see.
VisibleIds = Callable[[object, list[str]], set[str]]

_registry: dict[str, VisibleIds] = {}


def register(object_type: str, visible_ids: VisibleIds) -> None:
    """Say how to tell which objects of ``object_type`` (``app_label.model``) a viewer may see."""
    _registry[object_type] = visible_ids


def registered() -> dict[str, VisibleIds]:
    return dict(_registry)


def everyone(_user, ids: list[str]) -> set[str]:
    """For public object types (organisations, CUE entries, the safe-harbor terms)."""
    return set(ids)


def by_filter(model: type[Model], rule: Callable[[object], Q]) -> VisibleIds:
    """A checker from a queryset filter: the ids of ``model`` rows matching ``rule(viewer)``."""

    def visible_ids(user, ids: list[str]) -> set[str]:
        numeric = [int(i) for i in ids if i.isdigit() and len(i) < 19]
        if not numeric:
            return set()
        rows = model._default_manager.filter(rule(user), pk__in=numeric).values_list("pk", flat=True)
        return {str(pk) for pk in rows.distinct()}

    return visible_ids


def _is_operator(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


def shown_in_full(user, entries: Iterable) -> set[int]:
    """The ``seq`` of each entry in ``entries`` whose action, object and actor ``user`` may read."""
    entries = list(entries)
    if _is_operator(user):
        return {e.seq for e in entries}
    by_type: dict[str, list] = defaultdict(list)
    for entry in entries:
        by_type[entry.object_type].append(entry)
    shown: set[int] = set()
    for object_type, group in by_type.items():
        check = _registry.get(object_type)
        if check is None:
            continue
        visible = check(user, sorted({e.object_id for e in group}))
        shown.update(e.seq for e in group if e.object_id in visible)
    return shown
