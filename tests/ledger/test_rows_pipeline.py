"""``rows.pipelined``, ``rows.reserve_ids`` and ``rows.send``: intake's statements sent without waiting
for each answer on PostgreSQL, and the same results on SQLite, where nothing is pipelined."""

import pytest
from django.db import IntegrityError, connection, transaction

from redline.ledger import rows

pytestmark = pytest.mark.django_db(transaction=True)

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="pipelining is PostgreSQL's")


def test_our_statement_size_is_the_one_psycopg_parses_once():
    psycopg_queries = pytest.importorskip("psycopg._queries")  # psycopg is installed with the test extras

    assert psycopg_queries.MAX_CACHED_STATEMENT_PARAMS == rows.PIPELINED_PARAMS


def _org(slug: str):
    from redline.accounts.models import Organisation

    return Organisation(slug=slug, name=slug.title(), kind="developer")


def test_keys_are_drawn_only_inside_a_pipeline():
    from redline.accounts.models import Organisation

    assert rows.reserve_ids({Organisation: 3}).get(Organisation) is None  # the database assigns them
    with transaction.atomic(), rows.pipelined():
        drawn = rows.reserve_ids({Organisation: 3}).get(Organisation)
        orgs = [_org(f"piped-{i}") for i in range(3)]
        rows.assign_ids(orgs, drawn)
        rows.insert(orgs)
    stored = sorted(Organisation.objects.filter(slug__startswith="piped-").values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        assert drawn == sorted(drawn) and len(set(drawn)) == 3 and stored == drawn
        later = Organisation.objects.create(slug="after", name="After", kind="developer")
        assert later.pk > max(drawn)  # the sequence moved on past the drawn keys
    else:
        assert drawn is None and len(stored) == 3


def test_sent_statements_are_read_in_any_order():
    with transaction.atomic(), rows.pipelined():
        first = rows.send("SELECT %s", [1])
        second = rows.send("SELECT %s", [2])
        assert second.rows() == [(2,)]
        assert first.rows() == [(1,)]


def test_too_few_keys_is_refused():
    with pytest.raises(ValueError, match="2 objects, 1 keys"):
        rows.assign_ids([_org("a"), _org("b")], [1])


@on_postgres
def test_a_failed_write_in_a_pipeline_is_djangos_error_and_writes_nothing():
    from redline.accounts.models import Organisation

    Organisation.objects.create(slug="taken", name="Taken", kind="developer")
    before = Organisation.objects.count()
    with pytest.raises(IntegrityError, match="slug"), transaction.atomic(), rows.pipelined():
        rows.insert([_org("fresh-one")])
        rows.insert([_org("taken")])  # unique slug: the server refuses it when the pipeline ends
        rows.insert([_org("fresh-two")])
    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(slug__startswith="fresh-").exists()


@on_postgres
def test_an_exception_in_python_inside_a_pipeline_rolls_back_what_was_sent():
    from redline.accounts.models import Organisation

    with pytest.raises(RuntimeError), transaction.atomic(), rows.pipelined():
        rows.insert([_org("sent-then-dropped")])
        raise RuntimeError("the caller's own error")
    assert not Organisation.objects.filter(slug="sent-then-dropped").exists()
    Organisation.objects.create(slug="afterwards", name="Afterwards", kind="developer")  # usable again
    assert Organisation.objects.filter(slug="afterwards").exists()


@on_postgres
def test_a_long_insert_is_cut_into_statements_psycopg_parses_once():
    from django.test.utils import CaptureQueriesContext

    from redline.accounts.models import Organisation

    orgs = [_org(f"many-{i}") for i in range(30)]
    per_row = len([f for f in Organisation._meta.concrete_fields if not f.primary_key])
    with CaptureQueriesContext(connection) as captured, transaction.atomic(), rows.pipelined():
        rows.insert(orgs)
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == -(-30 // max(1, rows.PIPELINED_PARAMS // per_row))
    assert Organisation.objects.filter(slug__startswith="many-").count() == 30
    assert all(o.pk for o in orgs)


@on_postgres
def test_with_keys_drawn_a_long_insert_is_one_statement_storing_what_values_store():
    """The ``unnest`` path (one array per column) against the multi-row ``VALUES`` path, on a model with
    text, JSON, dates, flags and a null: the stored rows are the same."""
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from redline.disclosure.models import Report

    at = timezone.now()

    def reports(tag):
        return [Report(kind="vulnerability", title=f"{tag} {i} ünï ' \" \\ %s", description="d" * (i + 1),
                       affected_systems=[{"vendor": "V", "model": None, "n": i}], harm_types=["a", "b"][:i],
                       severity="high", submitted_at=at, real_world_harm=bool(i % 2), signature=bytes([i, 0, 255]),
                       field_visibility={}) for i in range(3)]

    plain = rows.insert(reports("plain"))
    with CaptureQueriesContext(connection) as captured, transaction.atomic(), rows.pipelined():
        piped = reports("piped")
        rows.assign_ids(piped, rows.reserve_ids({Report: 3}).get(Report))
        rows.insert(piped)
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "unnest" in inserts[0]
    columns = [f.attname for f in Report._meta.concrete_fields if f.attname not in ("id", "title", "ledger_salt")]

    def stored(objs):
        return [list(Report.objects.filter(pk=o.pk).values_list(*columns).get()) for o in objs]

    assert stored(plain) == stored(piped)
    assert [r.title for r in Report.objects.filter(pk__in=[o.pk for o in piped]).order_by("pk")] == \
        [o.title for o in piped]


def test_plain_values_are_stored_the_same_in_and_out_of_a_pipeline():
    from django.utils import timezone

    from redline.disclosure.models import DuplicateBand, Report

    report = rows.insert([Report(kind="vulnerability", title="t", description="d", severity="low",
                                 submitted_at=timezone.now())])[0]
    rows.insert_values(DuplicateBand, ("band", "report"), [(-2**63, report.pk), (2**63 - 1, report.pk)])
    with transaction.atomic(), rows.pipelined():
        rows.insert_values(DuplicateBand, ("band", "report"), [(0, report.pk), (7, report.pk)])
    assert sorted(DuplicateBand.objects.filter(report=report).values_list("band", flat=True)) == \
        [-2**63, 0, 7, 2**63 - 1]


@on_postgres
def test_a_pipeline_lends_its_cursors_again(monkeypatch):
    """Making a cursor cost more than sending most statements: a block reuses the few it needs, one per
    statement whose rows are still to be read, and each answer stays with its own statement."""
    from django.db.backends.postgresql.base import DatabaseWrapper
    from django.utils import timezone

    from redline.disclosure.models import DuplicateBand, Report

    report = rows.insert([Report(kind="vulnerability", title="t", description="d", severity="low",
                                 submitted_at=timezone.now())])[0]
    made = []
    original = DatabaseWrapper.create_cursor
    monkeypatch.setattr(DatabaseWrapper, "create_cursor", lambda self, name=None: made.append(1) or original(self, name))
    with transaction.atomic(), rows.pipelined():
        for band in range(5):
            rows.insert_values(DuplicateBand, ("band", "report"), [(band, report.pk)])
        first, second = rows.send("SELECT %s", [1]), rows.send("SELECT %s", [2])
        with rows.cursor(connection) as cur:
            cur.execute("SELECT count(*) FROM disclosure_duplicateband WHERE report_id = %s", [report.pk])
            assert cur.fetchall() == [(5,)]
        assert (second.rows(), first.rows()) == ([(2,)], [(1,)])
        for i in range(5):
            assert rows.send("SELECT %s", [i]).rows() == [(i,)]
        late = rows.send("SELECT %s", ["after the block"])
    assert len(made) == 3  # the writes' cursor, lent on to the first read; the second read's; the count's
    assert late.rows() == [("after the block",)]  # read after its block: its cursor is closed then
    assert late._cursor.closed
