"""Generated: for every recorded model and every stored field, a raw UPDATE is named by ``ledger verify``.

The list of (model, field) cases comes from Django's model metadata, so a new field or a new recorded
model is covered without editing this file. Derived fields (search text, the search index, the
duplicate signature) are caught by recomputation; the only fields that may change without an entry
are each model's ``LEDGER_UNRECORDED_FIELDS``, listed here so that adding one is a visible decision.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from redline.ledger.models import LedgerEntry, Recorded
from redline.ledger.services import verify, verify_all

#: Fields that change without an entry, and why (each is also excluded from its model's digest).
UNRECORDED = {
    ("accounts.user", "last_login"): "stamped at every sign-in",
    ("accounts.apitoken", "last_used_at"): "stamped at every use of the token",
    ("disclosure.webhook", "last_status"): "the answer of the latest delivery",
}

#: Which row to tamper with, where the first one would not exercise a derived check.
PREFER = {"disclosure.advisory": {"state": "published"}, "disclosure.report": {"signature__isnull": False}}


def recorded_models() -> list[type[models.Model]]:
    return sorted((m for m in apps.get_models() if issubclass(m, Recorded)), key=lambda m: m._meta.label_lower)


def cases() -> list[tuple[str, str]]:
    out = []
    for model in recorded_models():
        label = model._meta.label_lower
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if field.primary_key or field.name in model.LEDGER_UNRECORDED_FIELDS:
                continue
            if field.name == "search_vector" and connection.vendor != "postgresql":
                out.append((label, "the search index"))  # SQLite keeps it in the FTS5 table instead
                continue
            out.append((label, field.name))
    return out


def test_unrecorded_fields_are_the_listed_ones():
    declared = {(m._meta.label_lower, f) for m in recorded_models() for f in m.LEDGER_UNRECORDED_FIELDS}
    assert declared == set(UNRECORDED)


@pytest.fixture
def everything(db, tmp_path, settings):
    """The demo, plus one of each recorded model the demo does not make."""
    from redline.accounts.models import ApiToken, Invitation, Organisation, User
    from redline.demo import load_demo
    from redline.disclosure.models import Attachment, Message, Report

    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    org, user = Organisation.objects.order_by("pk").first(), User.objects.order_by("pk").first()
    report = Report.objects.order_by("pk").first()
    Invitation.objects.create(organisation=org, email="new@example.org", code_hash="c" * 64,
                              expires_at=timezone.now() + dt.timedelta(days=7))
    ApiToken.objects.create(user=user, name="ci", prefix="rl_abc", token_hash="t" * 64)
    Attachment.objects.create(report=report, file="disclosure/2026/12/log.txt", name="log.txt",
                              content_type="text/plain", size=12, sha256="a" * 64)
    Message.objects.create(report=report, author_label="triager", body="We can reproduce it.")
    missing = [m._meta.label_lower for m in recorded_models() if not m._default_manager.exists()]
    assert not missing, f"no row to tamper with: {missing}"


def _changed(field: models.Field, old: object) -> object:
    """A different value of the column's own type (a dangling id for a foreign key)."""
    if isinstance(field, models.ForeignKey):
        return 10**9 if isinstance(field.target_field, models.AutoField | models.IntegerField) else "ZZZ-9999"
    if isinstance(field, models.BooleanField):
        return not old
    if isinstance(field, models.DateTimeField):
        return (old or timezone.now()) + dt.timedelta(microseconds=1)  # the digest keeps microseconds
    if isinstance(field, models.DateField):
        return (old or dt.date(2026, 1, 1)) + dt.timedelta(days=1)
    if isinstance(field, models.FloatField):
        return (old or 0.0) + 0.5
    if isinstance(field, models.IntegerField):
        return (old or 0) + 1000  # clear of neighbours' values under a unique constraint
    if isinstance(field, models.BinaryField):
        return bytes(old or b"") + b"\x01"
    if isinstance(field, models.JSONField):
        return {"tampered": old}
    if isinstance(field, models.FileField):
        return f"{old}x"
    text = str(old or "")
    return ("y" if text[:1] == "x" else "x") + text[1:]


def _tamper(obj: models.Model, name: str) -> None:
    model, q = type(obj), connection.ops.quote_name
    with connection.cursor() as cur:
        if name == "the search index":
            cur.execute("UPDATE disclosure_advisory_fts SET search_text = %s WHERE rowid = %s", ["tampered", obj.pk])
            assert cur.rowcount == 1
            return
        if name == "search_vector":
            cur.execute(f"UPDATE {q(model._meta.db_table)} SET search_vector = to_tsvector('english', 'tampered') "
                        f"WHERE id = %s", [obj.pk])
            return
        field = model._meta.get_field(name)
        if field.many_to_many:
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).column
            target_field = through._meta.get_field(field.m2m_reverse_field_name())
            dangling = _changed(target_field, None)
            cur.execute(f"INSERT INTO {q(through._meta.db_table)} ({q(source)}, {q(target_field.column)}) "
                        f"VALUES (%s, %s)", [obj.pk, dangling])
            return
        value = _changed(field, field.value_from_object(obj))
        cur.execute(f"UPDATE {q(model._meta.db_table)} SET {q(field.column)} = %s WHERE {q(model._meta.pk.column)} = %s",
                    [field.get_db_prep_value(value, connection), obj.pk])
        assert cur.rowcount == 1


class _Undo(Exception):
    pass


@pytest.mark.django_db
def test_every_stored_field_of_every_recorded_model_is_covered(everything):
    """Round k changes the k-th field of every model at once; each change must be named by its own entry."""
    assert verify() is None
    by_model: dict[str, list[str]] = {}
    for label, name in cases():
        by_model.setdefault(label, []).append(name)
    targets = {}
    for label in by_model:
        obj = apps.get_model(label)._default_manager.filter(**PREFER.get(label, {})).order_by("pk").first()
        entry = (LedgerEntry.objects.filter(object_type=label, object_id=str(obj.pk))
                 .exclude(action__startswith="note:").order_by("-seq").first())
        assert entry is not None, f"{label} {obj.pk} has no ledger entry"
        targets[label] = (obj, entry.seq)
    missed, checked = [], 0
    for k in range(max(len(names) for names in by_model.values())):
        round_ = {label: names[k] for label, names in by_model.items() if k < len(names)}
        try:
            with transaction.atomic():
                for label, name in round_.items():
                    _tamper(targets[label][0], name)
                named = verify_all()
                raise _Undo
        except _Undo:
            pass
        for label, name in round_.items():
            obj, seq = targets[label]
            checked += 1
            if not any(p.seq == seq and p.reason.startswith((f"{label} {obj.pk} ", f"{label} {obj.pk}:"))
                       for p in named):
                missed.append(f"{label}.{name}")
    assert not missed, "changes verify did not name: " + ", ".join(missed)
    assert checked == len(cases()) > 400
    assert verify() is None  # every change was undone


@pytest.mark.django_db
def test_a_digest_is_salted_per_object(developer, make_model):
    from redline.ledger.services import object_digest

    a, b = make_model(developer, name="Twin"), make_model(developer, name="Twin", slug="twin-2")
    assert len(a.ledger_salt) == 32 and a.ledger_salt != b.ledger_salt
    snapshot = a.ledger_snapshot()
    assert snapshot["ledger_salt"] == a.ledger_salt and snapshot["name"] == "Twin"
    a.ledger_salt = b.ledger_salt
    assert object_digest(a) != LedgerEntry.objects.filter(object_type="registry.aimodel",
                                                           object_id=str(a.pk)).last().object_digest


@pytest.mark.django_db
def test_a_link_change_through_the_orm_is_recorded(developer, make_model):
    from redline.core.formats.neutral import ReportKind
    from redline.disclosure.models import Report

    model = make_model(developer)
    report = Report.objects.create(kind=ReportKind.VULNERABILITY, title="t", description="d")
    before = LedgerEntry.objects.count()
    report.affected_models.add(model)
    assert LedgerEntry.objects.count() == before + 1
    model.disclosure_reports.remove(report)  # the reverse side too
    assert LedgerEntry.objects.count() == before + 2
    assert verify() is None
