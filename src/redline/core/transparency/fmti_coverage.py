"""FMTI coverage: each of the 100 indicators from records, from a manual disclosure, or open.

:func:`coverage` puts every indicator in exactly one bucket, so the three counts add
up to 100:

* ``from_records`` — a crosswalk rule (:mod:`.crosswalk`) is satisfied by the facts;
  it scores 1. A manual disclosure for the same indicator is kept beside it
  (:attr:`IndicatorResult.manual`) but does not change the score;
* ``manual`` — a manual disclosure exists (an imported FMTI report row, or one typed
  in), with its score as given, 0 or 1;
* ``open`` — neither; it scores 0.

:meth:`Coverage.summary` is the JSON ``redline transparency fmti ORG --json`` prints;
:meth:`Coverage.rows` feeds :func:`redline.core.transparency.fmti.write_report`, so an
imported report with no records on file exports with every score unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from redline.core.transparency.crosswalk import RULES, satisfy
from redline.core.transparency.facts import Facts, check_facts
from redline.core.transparency.fmti import DOMAINS, Indicator, Report, ReportRow, load_indicators


class Bucket(StrEnum):
    FROM_RECORDS = "from_records"
    MANUAL = "manual"
    OPEN = "open"


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    bucket: Bucket
    score: int
    disclosure: str = ""
    references: tuple[str, ...] = ()
    manual: ReportRow | None = None

    def row(self) -> ReportRow:
        """This indicator as a row of FMTI's report CSV."""
        ind = self.indicator
        if self.bucket is Bucket.MANUAL and self.manual is not None:
            return self.manual
        if self.bucket is Bucket.FROM_RECORDS:
            rule = RULES[ind.number]
            return ReportRow(ind, ind.definition, ind.notes, self.disclosure,
                             f"Filled from records on redline ({', '.join(rule.reads)}).",
                             "\n".join(self.references), 1)
        return ReportRow(ind, ind.definition, ind.notes, "", "", "", 0)

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.indicator.number, "indicator": self.indicator.name,
                "domain": self.indicator.domain, "subdomain": self.indicator.subdomain,
                "bucket": self.bucket.value, "score": self.score, "disclosure": self.disclosure,
                "references": list(self.references),
                "manual": None if self.manual is None else {"disclosure": self.manual.disclosure,
                                                            "score": self.manual.score}}


@dataclass(frozen=True)
class Coverage:
    organisation: str
    results: tuple[IndicatorResult, ...]

    def count(self, bucket: Bucket) -> int:
        return sum(r.bucket is bucket for r in self.results)

    @property
    def total(self) -> int:
        return sum(r.score for r in self.results)

    def summary(self) -> dict[str, Any]:
        """The score summary: totals by domain and subdomain, and the three buckets (adding up to 100)."""
        domains = {d: 0 for d in DOMAINS}
        subdomains: dict[str, int] = {}
        for r in self.results:
            domains[r.indicator.domain] = domains.get(r.indicator.domain, 0) + r.score
            subdomains[r.indicator.subdomain] = subdomains.get(r.indicator.subdomain, 0) + r.score
        return {"organisation": self.organisation, "indicators": len(self.results), "total": self.total,
                "domains": domains, "subdomains": subdomains, "from_records": self.count(Bucket.FROM_RECORDS),
                "manual": self.count(Bucket.MANUAL), "open": self.count(Bucket.OPEN)}

    def rows(self) -> list[ReportRow]:
        return [r.row() for r in self.results]

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary(), "results": [r.as_dict() for r in self.results]}


def coverage(facts: Facts, manual: Report | Iterable[ReportRow] | Mapping[int, ReportRow] | None = None,
             *, organisation: str | None = None) -> Coverage:
    """Sort the 100 indicators into from records / manual / open for one organisation."""
    facts = check_facts(facts)
    if manual is None:
        by_number: Mapping[int, ReportRow] = {}
    elif isinstance(manual, Report):
        by_number = manual.by_number()
    elif isinstance(manual, Mapping):
        by_number = manual
    else:
        by_number = {row.indicator.number: row for row in manual}
    filled = satisfy(facts)
    results = []
    for ind in load_indicators():
        own = by_number.get(ind.number)
        if ind.number in filled:
            fill = filled[ind.number]
            results.append(IndicatorResult(ind, Bucket.FROM_RECORDS, 1, fill.disclosure, fill.references, own))
        elif own is not None:
            refs = tuple(line.strip() for line in own.references.splitlines() if line.strip())
            results.append(IndicatorResult(ind, Bucket.MANUAL, own.score, own.disclosure, refs, own))
        else:
            results.append(IndicatorResult(ind, Bucket.OPEN, 0))
    name = organisation or facts["organisation"].get("name") or facts["organisation"].get("slug") or ""
    return Coverage(str(name), tuple(results))


__all__ = ["Bucket", "Coverage", "IndicatorResult", "coverage"]
