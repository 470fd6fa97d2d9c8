"""The data step of a digest-version upgrade, for each app's migration: salt every row, re-digest it.

Entries are never rewritten. Each object whose row still matches its latest entry (checked by the
rules of the version that wrote it, frozen in the app's migration) gets one ``redigest`` entry by the
new rules, appended through :func:`redline.ledger.services.record_many` like any other. An object
that no longer matches gets none, so ``redline ledger verify`` keeps naming its old entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from redline.core.canonical import digest

#: The action of the entries an upgrade appends.
REDIGEST = "redigest"


def redigest(apps, app_label: str, v1: Mapping[str, Callable[[object], dict] | None],
             excluded: Mapping[str, frozenset[str]]) -> int:
    """Salt and re-digest every row of ``app_label``'s models named in ``v1``; returns the entries appended.

    ``v1`` maps a model name to its version-1 snapshot function, or to None for a model the ledger did
    not record before (all its rows get a first entry). ``excluded`` names the fields each model's
    new digest leaves out, as the model declared them when the migration was written.
    """
    from redline.ledger.models import new_salt
    from redline.ledger.services import LABEL_RENAMES, record_many
    from redline.ledger.snapshots import digests

    entries = apps.get_model("ledger", "LedgerEntry")
    appended = 0
    for name, rule in v1.items():
        model = apps.get_model(app_label, name)
        label = model._meta.label_lower
        labels = [label, *(old for old, new in LABEL_RENAMES.items() if new == label)]
        latest: dict[str, tuple[str, str]] = {}
        for oid, action, recorded in (entries.objects.filter(object_type__in=labels)
                                      .exclude(action__startswith="note:").order_by("seq")
                                      .values_list("object_id", "action", "object_digest")):
            latest[oid] = (action, recorded)
        rows = list(model._default_manager.order_by("pk"))
        for row in rows:
            row.ledger_salt = new_salt()
        model._default_manager.bulk_update(rows, ["ledger_salt"], batch_size=500)
        if rule is None:
            keep = [row for row in rows if str(row.pk) not in latest]
        else:
            keep = [row for row in rows if (seen := latest.get(str(row.pk))) is not None
                    and seen[0] != "delete" and seen[1] == digest(rule(row))]
        record_many(keep, REDIGEST, actor="system", digests=digests(keep, excluded.get(name, frozenset())))
        appended += len(keep)
    return appended


def redigest_new_fields(apps, app_label: str, model_name: str, added: frozenset[str] | set[str],
                        excluded: frozenset[str] = frozenset()) -> int:
    """After a migration adds ``added`` fields to a recorded model, re-digest each row that still matches.

    A digest covers every stored field, so a new field changes the digest of every existing row. Rows
    whose latest entry matches their digest without the new fields (so nobody changed them behind the
    ledger's back) get one ``redigest`` entry with the new digest; the rest get none and ``ledger verify``
    keeps naming them. ``excluded`` is the model's ``ledger_excluded()`` when the migration was written.
    Call it from a ``RunPython`` step after the ``AddField`` operations; returns the entries appended.
    """
    from redline.ledger.services import LABEL_RENAMES, record_many
    from redline.ledger.snapshots import digests

    entries = apps.get_model("ledger", "LedgerEntry")
    model = apps.get_model(app_label, model_name)
    label = model._meta.label_lower
    labels = [label, *(old for old, new in LABEL_RENAMES.items() if new == label)]
    latest: dict[str, tuple[str, str]] = {}
    for oid, action, recorded in (entries.objects.filter(object_type__in=labels)
                                  .exclude(action__startswith="note:").order_by("seq")
                                  .values_list("object_id", "action", "object_digest")):
        latest[oid] = (action, recorded)
    rows = [row for row in model._default_manager.order_by("pk") if str(row.pk) in latest]
    before = digests(rows, frozenset(excluded) | frozenset(added))
    keep = [row for row, old in zip(rows, before, strict=True)
            if latest[str(row.pk)][0] != "delete" and latest[str(row.pk)][1] == old]
    record_many(keep, REDIGEST, actor="system", digests=digests(keep, excluded))
    return len(keep)
