"""Transparency outputs computed from one facts dictionary (DESIGN §3.9).

The ``documents`` app builds the facts (:mod:`.facts` documents every key) from its
tables for one organisation and model, then calls:

* :func:`coverage` — the FMTI (Dec 2025) crosswalk: each of the 100 indicators from
  records, from a manual disclosure (an imported report, :func:`read_report`), or open;
  ``coverage(...).summary()`` is the JSON of ``redline transparency fmti --json`` and
  ``write_report(coverage(...).rows())`` its ``--csv``. The rules are :data:`RULES`.
* :func:`generate_form` — the EU GPAI Code of Practice Model Documentation Form, every
  item tagged with its recipients and marked empty when nothing fills it.
* :func:`practice_map` — the NIST AI 800-1 practice map with computed statuses.

Nothing here reads the database; the only I/O is reading the shipped data files
(``load_*``) and :func:`read_report_file`.
"""

from redline.core.transparency.crosswalk import RULES, Fill, Rule, satisfy
from redline.core.transparency.eu_form import RECIPIENTS, FilledItem, Form, FormItem, generate_form, load_form
from redline.core.transparency.facts import KNOWN_KEYS, as_datetime, check_facts, clock_facts, embargo_facts
from redline.core.transparency.fmti import (
    HEADER,
    Indicator,
    Report,
    ReportRow,
    indicator,
    load_indicators,
    read_report,
    read_report_file,
    write_report,
)
from redline.core.transparency.fmti_coverage import Bucket, Coverage, IndicatorResult, coverage
from redline.core.transparency.nist_practices import (
    STATUSES,
    ItemStatus,
    PracticeMap,
    PracticeStatus,
    RecordRef,
    load_practices,
    practice_map,
)

__all__ = [
    "HEADER",
    "KNOWN_KEYS",
    "RECIPIENTS",
    "RULES",
    "STATUSES",
    "Bucket",
    "Coverage",
    "FilledItem",
    "Fill",
    "Form",
    "FormItem",
    "Indicator",
    "IndicatorResult",
    "ItemStatus",
    "PracticeMap",
    "PracticeStatus",
    "RecordRef",
    "Report",
    "ReportRow",
    "Rule",
    "as_datetime",
    "check_facts",
    "clock_facts",
    "coverage",
    "embargo_facts",
    "generate_form",
    "indicator",
    "load_form",
    "load_indicators",
    "load_practices",
    "practice_map",
    "read_report",
    "read_report_file",
    "satisfy",
    "write_report",
]
