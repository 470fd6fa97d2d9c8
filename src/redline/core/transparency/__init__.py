"""Transparency outputs computed from records: the FMTI (Dec 2025) indicators and report CSV."""

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

__all__ = ["HEADER", "Indicator", "Report", "ReportRow", "indicator", "load_indicators", "read_report",
           "read_report_file", "write_report"]
