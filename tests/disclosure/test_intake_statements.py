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
#: notification task. PostgreSQL also takes the ledger's writer lock (SQLite has one writer anyway).
#: Lower it when intake gets cheaper; never raise it without saying why in docs/benchmarks.md.
PER_REPORT = {"sqlite": 18, "postgresql": 19}


def _statements(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(skip)]


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
