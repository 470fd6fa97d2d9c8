"""How many SQL statements intake makes: per report, and per batch (it must not grow with the batch).

Statements, not time, so the test holds on any machine: the fixed cost of a one-report transaction
is mostly the compiling and the round trips of its statements (see docs/benchmarks.md#disclosure).
Savepoints and the transaction's own BEGIN/COMMIT are not counted (the test runs inside a
transaction of its own, so they differ from production).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

#: One report with a registered model and a CUE entry, a near-duplicate of a stored one: the terms in
#: force; the model, with its organisation and open-weights check; the CUE entry; the report, its two
#: link tables, its case, its participation; the year's last advisory sequence and the reserved
#: advisory; the duplicate-index lookup, the candidates' signatures and titles, their models and CUE
#: entries; the report's bands and its duplicate link; the ledger's head and its entries; the vendors'
#: notification task. PostgreSQL also takes the ledger's writer lock (SQLite has one writer anyway),
#: and draws the new rows' keys in three statements (reports, cases, participants and the advisory;
#: the duplicate link; the ledger entries), so that its writes are pipelined (see WAITS) and many rows
#: go in one ``unnest`` statement. Lower it when intake gets cheaper; never raise it without saying why
#: in docs/benchmarks.md.
PER_REPORT = {"sqlite": 18, "postgresql": 22}

#: PostgreSQL: the times the same report waits for the server (see _waits): the terms, the model, the
#: CUE entry and the new rows' keys, in one; the duplicate-index lookup; the candidates; their facets;
#: the ledger's writer lock with the year's advisory sequence, the ledger's head and the keys of the
#: entries and the duplicate link, in one; and the written rows, answered together at the end. It was
#: 22, one per statement. The commit is one more.
WAITS = 6


def _statements(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT",
            "SELECT PG_GET_SERIAL_SEQUENCE")  # the last: once per model and process (rows._sequence)
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(skip)]


def _waits(run, monkeypatch) -> int:
    """How often ``run`` waits for the server. Outside a pipeline each statement is a wait. Inside one,
    reading a statement's rows waits when it was sent after the last wait, and that wait answers
    everything sent before it (as psycopg fetches); statements sent after the last read are answered
    in one wait when the pipeline ends."""
    import psycopg

    from redline.ledger import rows

    sent_at: dict[int, int] = {}  # psycopg cursor → the number of the statement it sent last
    state = {"sent": 0, "answered": 0, "waits": 0}

    def wait():
        state["waits"] += 1
        state["answered"] = state["sent"]

    def counting(name):
        original = getattr(psycopg.Cursor, name)

        def read(self, *a, **kw):
            if sent_at.get(id(self), 0) > state["answered"]:
                wait()
            return original(self, *a, **kw)
        return read

    for name in ("fetchone", "fetchall", "fetchmany"):
        monkeypatch.setattr(psycopg.Cursor, name, counting(name))

    def sent(execute, sql, params, many, context):
        piped = rows.in_pipeline(connection)
        if "SAVEPOINT" not in sql:  # the test's own transaction (as in _statements)
            state["sent"] += 1
            sent_at[id(context["cursor"].cursor)] = state["sent"]
            if not piped and state["sent"] > state["answered"]:
                wait()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(sent):
        run()
    return state["waits"] + (state["sent"] > state["answered"])


def _sub(world, i: int, **kw):
    from redline.disclosure.intake import Submission

    fields = {"title": f"Role-play prompt bypasses refusal, variant {i}", "description": "A role-play framing "
              f"makes the model give step-by-step instructions it should refuse (case {i}).",
              "models": ["aurora/aurora-2"], "cue_ids": ["CUE-0050"], "accepted_terms": world.terms.version,
              "reporter_email": "reporter@example.org"}
    fields.update(kw)
    return Submission(**fields)


def test_one_report_makes_a_fixed_number_of_statements(world):
    from redline.disclosure.intake import submit_report
    from redline.ledger.services import verify

    submit_report(_sub(world, 0))  # the first report of a database may put the terms in force
    statements = _statements(lambda: submit_report(_sub(world, 1)))
    assert len(statements) == PER_REPORT[connection.vendor], "\n".join(s[:120] for s in statements)
    assert verify() is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pipelining is PostgreSQL's (SQLite runs in-process)")
def test_one_report_waits_for_the_server_a_fixed_number_of_times(world, monkeypatch):
    from redline.disclosure.intake import submit_report
    from redline.ledger.services import verify

    submit_report(_sub(world, 0))
    submit_report(_sub(world, 1))  # a duplicate link: its key's sequence is looked up once per process
    assert _waits(lambda: submit_report(_sub(world, 2)), monkeypatch) == WAITS
    assert verify() is None


@pytest.mark.parametrize("size", [3, 12])
def test_a_batch_makes_the_same_statements_whatever_its_size(world, size):
    from redline.disclosure.intake import submit_many
    from redline.ledger.services import verify

    submit_many([_sub(world, i) for i in range(2)])  # stored near-duplicates for the batches below to find
    small = _statements(lambda: submit_many([_sub(world, 10 + i) for i in range(2)]))
    batch = _statements(lambda: submit_many([_sub(world, 100 + i) for i in range(size)]))
    # one more than a single report: the titles of suggested reports from earlier in the same batch
    assert len(batch) == len(small) == PER_REPORT[connection.vendor] + 1, "\n".join(s[:120] for s in batch)
    assert verify() is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pipelining is PostgreSQL's (SQLite runs in-process)")
@pytest.mark.parametrize("size", [3, 12])
def test_a_batch_waits_as_often_as_a_report_whatever_its_size(world, size, monkeypatch):
    from redline.disclosure.intake import submit_many
    from redline.ledger.services import verify

    submit_many([_sub(world, i) for i in range(2)])
    small = _waits(lambda: submit_many([_sub(world, 10 + i) for i in range(2)]), monkeypatch)
    batch = _waits(lambda: submit_many([_sub(world, 100 + i) for i in range(size)]), monkeypatch)
    assert batch == small == WAITS + 1  # as above: the titles of suggestions from the same batch
    assert verify() is None


def test_the_first_report_of_a_database_puts_the_terms_in_force_inside_the_pipeline(world):
    """With no terms in force, intake puts the default terms in force (an ORM create inside the
    pipelined block on PostgreSQL) and stores the report under them, ledger intact."""
    from redline.disclosure.intake import submit_report
    from redline.disclosure.models import SafeHarborTerms
    from redline.ledger.services import verify

    SafeHarborTerms.objects.all().delete()
    done = submit_report(_sub(world, 0, accepted_terms="1.0"))
    terms = SafeHarborTerms.objects.get(in_force=True)
    assert (terms.version, done.report.safe_harbor_id) == ("1.0", terms.pk)
    assert verify() is None
