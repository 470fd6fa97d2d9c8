"""Transparency outputs computed from one facts dictionary: the FMTI (Dec 2025) crosswalk and coverage."""

from redline.core.transparency.coverage import Bucket, Coverage, IndicatorResult, coverage
from redline.core.transparency.crosswalk import RULES, Fill, Rule, satisfy
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

__all__ = ["HEADER", "KNOWN_KEYS", "RULES", "Bucket", "Coverage", "Fill", "Indicator", "IndicatorResult", "Report",
           "ReportRow", "Rule", "as_datetime", "check_facts", "clock_facts", "coverage", "embargo_facts", "indicator",
           "load_indicators", "read_report", "read_report_file", "satisfy", "write_report"]
