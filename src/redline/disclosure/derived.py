"""The disclosure app's derived fields, checked by ``redline ledger verify`` by recomputation.

A report's MinHash signature comes from its text, and its duplicate-index bands from the signature;
an advisory's search text and index from its record; an incident's facet index from its fields.
Registered with :mod:`redline.ledger.derived` when the app is ready.
"""

from __future__ import annotations

from collections.abc import Iterator


def report_mismatches(objects: list) -> Iterator[tuple[object, str]]:
    from redline.disclosure.duplicates import band_mismatches, signature, text_of

    for report in objects:
        if report.signature is not None and bytes(report.signature) != signature(
                text_of(report.title, report.description, report.actual_behaviour)):
            yield report.pk, "signature"
    for pk in band_mismatches(objects):  # the duplicate index: a lost band would hide a duplicate
        yield pk, "duplicate-index bands"


def advisory_mismatches(objects: list) -> Iterator[tuple[object, str]]:
    from redline.disclosure.publishing import expected_search_text, search_index_mismatches

    for adv in objects:
        if adv.search_text != expected_search_text(adv):
            yield adv.pk, "search_text"
    yield from search_index_mismatches(objects)


def incident_mismatches(objects: list) -> Iterator[tuple[object, str]]:
    from redline.disclosure.incident_facets import mismatches

    yield from mismatches(objects)


def register() -> None:
    from redline.ledger import derived

    derived.register("disclosure.report", report_mismatches)
    derived.register("disclosure.advisory", advisory_mismatches)
    derived.register("disclosure.incident", incident_mismatches)
