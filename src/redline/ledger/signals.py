"""Record saves, deletes and many-to-many link changes of every model that defines ``ledger_snapshot``."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from redline.ledger.models import LedgerEntry


def _on_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not hasattr(instance, "ledger_snapshot") or isinstance(instance, LedgerEntry):
        return
    unrecorded = getattr(sender, "LEDGER_UNRECORDED_FIELDS", frozenset())
    derived = getattr(sender, "LEDGER_DERIVED_FIELDS", frozenset())
    if update_fields and not created and set(update_fields) <= unrecorded | derived:
        return  # e.g. a sign-in stamping last_login: nothing the digest covers changed
    from redline.ledger.services import record

    record(instance, "create" if created else "update")


def _on_delete(sender, instance, **kwargs):
    if not hasattr(instance, "ledger_snapshot"):
        return
    from redline.ledger.services import record

    record(instance, "delete")


def _on_links(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A link added or removed changes the digest of the object whose many-to-many field it is.

    A symmetrical link (``Incident.related``) changes both ends, so both are recorded, whichever code
    path made it (a service, the admin, the API).
    """
    symmetrical = _symmetrical_field(sender, instance)
    if action == "pre_clear" and (reverse or symmetrical):
        # the other ends lose their link; note them before the rows go
        field = symmetrical.name if symmetrical else _forward_field(sender, model)
        instance._ledger_cleared = list(model._default_manager.filter(**{field: instance})) if field else []
        return
    if action not in ("post_add", "post_remove", "post_clear") or (pk_set is not None and not pk_set):
        return
    from redline.ledger.services import record_many

    if symmetrical:
        _record_both_ends(symmetrical, instance, action, pk_set)
        return
    if not reverse:
        owners = [instance]
    elif action == "post_clear":
        owners = getattr(instance, "_ledger_cleared", [])
    else:
        owners = list(model._default_manager.filter(pk__in=pk_set or ()))
    owners = [o for o in owners if hasattr(o, "ledger_snapshot")]
    if owners:
        record_many(owners, "update")


def _record_both_ends(field, instance, action, pk_set) -> None:
    """Record ``instance`` and every object at the other end of a symmetrical link change.

    Removing and clearing delete the rows of both directions before the signal. Adding writes the
    mirror rows (other → instance) only after it, and sends no signal of its own for them, so the
    other ends are digested here with the link they are about to hold.
    """
    from redline.core.canonical import digest
    from redline.ledger.services import object_digest, record_many
    from redline.ledger.snapshots import snapshots

    model = type(instance)
    if not hasattr(instance, "ledger_snapshot"):
        return
    if not hasattr(model, "ledger_excluded"):
        raise TypeError(f"{model._meta.label}: a symmetrical link needs the generic snapshot of Recorded")
    if action == "post_clear":
        others = getattr(instance, "_ledger_cleared", [])
    else:
        others = list(model._default_manager.filter(pk__in=pk_set).order_by("pk"))
    others = [o for o in others if o.pk != instance.pk]
    if action != "post_add" or not others:
        record_many([instance, *others], "update")
        return
    excluded = model.ledger_excluded()
    digests = [object_digest(instance)]
    for snap in snapshots(others, excluded):
        if field.name not in excluded:
            snap[field.name] = sorted({*snap[field.name], instance.pk})
        digests.append(digest(snap))
    record_many([instance, *others], "update", digests=digests)


def _symmetrical_field(through, instance):
    """The symmetrical many-to-many field of ``instance``'s model whose link table is ``through``, if any."""
    for field in type(instance)._meta.many_to_many:
        if field.remote_field.through is through and field.remote_field.symmetrical:
            return field
    return None


def _forward_field(through, model) -> str | None:
    for field in model._meta.many_to_many:
        if field.remote_field.through is through:
            return field.name
    return None


def connect() -> None:
    post_save.connect(_on_save, dispatch_uid="redline-ledger-save")
    post_delete.connect(_on_delete, dispatch_uid="redline-ledger-delete")
    m2m_changed.connect(_on_links, dispatch_uid="redline-ledger-links")
