"""The Foundation Model Transparency Index (Dec 2025): its 100 indicators and its report CSV.

The indicators ship as package data (``redline/data/fmti/Dec2025_indicators.csv``,
CC BY 4.0, see the NOTICE beside it). :func:`load_indicators` reads them once.

A developer report is FMTI's own CSV shape, one row per indicator::

    Indicator,Definition,Notes,Disclosure,Justification,References,Score

:func:`read_report` parses one from bytes (UTF-8, with or without a byte-order mark)
and refuses a bad file with one :class:`~redline.core.errors.ImportFailed` line
naming the row and column; nothing partial is returned. Rows are counted as a
spreadsheet does (the header is row 1). Indicator names match case-insensitively with
surrounding and repeated spaces ignored, because FMTI's files carry trailing spaces
in some names. :func:`write_report` writes the same shape back, so an imported
report exports with every score unchanged.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from redline.core.errors import ImportFailed

HEADER = ("Indicator", "Definition", "Notes", "Disclosure", "Justification", "References", "Score")
DOMAINS = ("Upstream", "Model", "Downstream")
#: Limits on an uploaded report: FMTI's own reports are about 140 kB with fields under 11,000 characters.
MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 500
MAX_FIELD_CHARS = 100_000


def normalise_name(name: str) -> str:
    """The matching key of an indicator name: case-folded, spaces collapsed and stripped."""
    return " ".join(str(name).split()).casefold()


@dataclass(frozen=True)
class Indicator:
    number: int
    domain: str
    subdomain: str
    name: str
    definition: str
    notes: str
    example: str = ""

    @property
    def key(self) -> str:
        return normalise_name(self.name)


@lru_cache(maxsize=1)
def load_indicators() -> tuple[Indicator, ...]:
    """The 100 indicators of the Dec 2025 index, in FMTI's order (numbered from 1)."""
    text = resources.files("redline").joinpath("data/fmti/Dec2025_indicators.csv").read_text(encoding="utf-8-sig")
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return tuple(
        Indicator(i, _clean(r["Domain"]), _clean(r["Subdomain"]), _clean(r["Indicator"]), r["Definition"].strip(),
                  r["Notes"].strip(), r["Example disclosure"].strip())
        for i, r in enumerate(rows, start=1)
    )


def _clean(name: str) -> str:
    """A name with surrounding and repeated spaces removed ("Accountability " → "Accountability")."""
    return " ".join(name.split())


def indicator_index() -> dict[str, Indicator]:
    """Indicators by their matching key (:func:`normalise_name`)."""
    return {ind.key: ind for ind in load_indicators()}


def indicator(number_or_name: int | str) -> Indicator:
    """One indicator by number (1–100) or name."""
    if isinstance(number_or_name, int):
        indicators = load_indicators()
        if not 1 <= number_or_name <= len(indicators):
            raise KeyError(number_or_name)
        return indicators[number_or_name - 1]
    return indicator_index()[normalise_name(number_or_name)]


@dataclass(frozen=True)
class ReportRow:
    """One indicator's entry in a developer report."""

    indicator: Indicator
    definition: str
    notes: str
    disclosure: str
    justification: str
    references: str
    score: int

    def cells(self) -> tuple[str, ...]:
        return (self.indicator.name, self.definition, self.notes, self.disclosure, self.justification,
                self.references, str(self.score))


@dataclass(frozen=True)
class Report:
    rows: tuple[ReportRow, ...]

    def by_number(self) -> dict[int, ReportRow]:
        return {row.indicator.number: row for row in self.rows}

    @property
    def total(self) -> int:
        return sum(row.score for row in self.rows)


def _fail(source: str, row: int, column: str | int | None, problem: str) -> ImportFailed:
    where = f"row {row}" if column is None else f"row {row}, column {column}"
    return ImportFailed(source, f"{where}: {problem}")


def _bad_byte(cell: str) -> int | None:
    for ch in cell:
        if "\udc80" <= ch <= "\udcff":
            return ord(ch) - 0xDC00
    return None


def read_report(data: bytes | str, *, source: str = "report.csv") -> Report:
    """Parse a developer report in FMTI's Dec 2025 CSV shape; ImportFailed names the row and column."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise ImportFailed(source, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        text = data.decode("utf-8", errors="surrogateescape")
    else:
        text = data
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFailed(source, "the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    index = indicator_index()
    rows: list[ReportRow] = []
    seen: dict[int, int] = {}
    number = 0
    try:
        for cells in reader:
            number += 1
            if number > MAX_ROWS + 1:
                raise _fail(source, number, None, f"more than {MAX_ROWS} indicator rows")
            for col, cell in enumerate(cells):
                name = HEADER[col] if col < len(HEADER) else col + 1
                bad = _bad_byte(cell)
                if bad is not None:
                    raise _fail(source, number, name, f"not UTF-8 text (byte 0x{bad:02x})")
                if len(cell) > MAX_FIELD_CHARS:
                    raise _fail(source, number, name, f"longer than {MAX_FIELD_CHARS} characters")
            if number == 1:
                _check_header(cells, source)
                continue
            if not any(c.strip() for c in cells):
                continue
            rows.append(_row(cells, number, source, index, seen))
    except csv.Error as exc:
        raise _fail(source, number + 1, None, f"not a readable CSV row ({exc})") from None
    if not rows:
        raise ImportFailed(source, "the file has a header but no indicator rows")
    return Report(tuple(rows))


def _check_header(cells: list[str], source: str) -> None:
    got = [c.strip() for c in cells]
    for col, expected in enumerate(HEADER, start=1):
        found = got[col - 1] if col <= len(got) else None
        if found != expected:
            problem = "missing" if found is None else f"is {found!r}"
            raise _fail(source, 1, col, f"the header must be {','.join(HEADER)}; column {col} should be "
                                        f"{expected!r} and {problem}")
    if len(got) > len(HEADER) and any(got[len(HEADER):]):
        raise _fail(source, 1, len(HEADER) + 1, f"unexpected extra column {got[len(HEADER)]!r}")


def _row(cells: list[str], number: int, source: str, index: dict[str, Indicator], seen: dict[int, int]) -> ReportRow:
    if len(cells) < len(HEADER):
        raise _fail(source, number, HEADER[len(cells)], f"missing (the row has {len(cells)} of {len(HEADER)} "
                                                        "columns)")
    if len(cells) > len(HEADER) and any(c.strip() for c in cells[len(HEADER):]):
        raise _fail(source, number, len(HEADER) + 1, "unexpected extra value")
    name = cells[0]
    if not name.strip():
        raise _fail(source, number, "Indicator", "empty")
    ind = index.get(normalise_name(name))
    if ind is None:
        raise _fail(source, number, "Indicator", f"unknown indicator {name.strip()!r} (not in the FMTI Dec 2025 "
                                                 "list)")
    if ind.number in seen:
        raise _fail(source, number, "Indicator", f"{ind.name!r} appears again (first on row {seen[ind.number]})")
    seen[ind.number] = number
    score = cells[6].strip()
    if score not in ("0", "1"):
        raise _fail(source, number, "Score", f"{score!r} is not 0 or 1")
    return ReportRow(ind, *cells[1:6], int(score))


def read_report_file(path: str | os.PathLike[str]) -> Report:
    """Read and parse a report file; a missing or unreadable file is ImportFailed naming it."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ImportFailed(p.name, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(p.name, "no such file") from None
    except IsADirectoryError:
        raise ImportFailed(p.name, "is a directory, not a file") from None
    except OSError as exc:
        raise ImportFailed(p.name, f"cannot be read ({exc.strerror or exc})") from None
    return read_report(data, source=p.name)


def write_report(rows: Iterable[ReportRow]) -> str:
    """The rows as FMTI's CSV (UTF-8 text without a byte-order mark, LF line ends), header first."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row.cells())
    return out.getvalue()


__all__ = [
    "DOMAINS",
    "HEADER",
    "MAX_BYTES",
    "MAX_FIELD_CHARS",
    "MAX_ROWS",
    "Indicator",
    "Report",
    "ReportRow",
    "indicator",
    "indicator_index",
    "load_indicators",
    "normalise_name",
    "read_report",
    "read_report_file",
    "write_report",
]
