"""The disclosure app's derived fields, recomputed by ``redline ledger verify`` (see redline.ledger.derived)."""

from __future__ import annotations

from collections.abc import Iterator


def advisory_mismatches(advisories: list) -> Iterator[tuple[object, str]]:
    """Search text made from the published record, and the search index entry made from the search text."""
    from redline.disclosure.publishing import expected_search_text, search_index_mismatches

    for adv in advisories:
        if adv.search_text != expected_search_text(adv):
            yield adv.pk, "search_text"
    yield from search_index_mismatches(advisories)


def report_mismatches(reports: list) -> Iterator[tuple[object, str]]:
    """The MinHash signature of the title, description and actual behaviour."""
    from redline.core.dedup import DuplicateIndex
    from redline.disclosure.duplicates import text_of

    minhash = DuplicateIndex()
    for report in reports:
        if report.signature is not None and bytes(report.signature) != minhash.signature(
                text_of(report.title, report.description, report.actual_behaviour)):
            yield report.pk, "signature"


def register() -> None:
    from redline.ledger import derived

    derived.register("disclosure.advisory", advisory_mismatches)
    derived.register("disclosure.report", report_mismatches)
