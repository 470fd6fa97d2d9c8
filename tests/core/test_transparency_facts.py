"""The facts dictionary's helpers, and the single YAML entry point of the transparency package."""

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from redline.core.disclosure.clocks import CLOCK_TARGETS, Severity
from redline.core.errors import InvalidInput
from redline.core.transparency import as_datetime, check_facts, clock_facts, embargo_facts

SRC = Path(__file__).resolve().parents[2] / "src" / "redline"


def test_check_facts_fills_defaults():
    facts = check_facts({"intake_form": True})
    assert facts["evaluations"] == [] and facts["model"] == {} and facts["safe_harbor_terms"] is None


@pytest.mark.parametrize("value, expected", [
    ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
    ("2026-03-01T12:00:00Z", datetime(2026, 3, 1, 12, tzinfo=UTC)),
    (date(2026, 3, 1), datetime(2026, 3, 1, tzinfo=UTC)),
    (datetime(2026, 3, 1, 1, tzinfo=timezone(timedelta(hours=2))), datetime(2026, 2, 28, 23, tzinfo=UTC)),
    (None, None),
    ("", None),
])
def test_as_datetime(value, expected):
    assert as_datetime(value) == expected


def test_as_datetime_names_the_field():
    with pytest.raises(InvalidInput, match=r"facts.run_at: 'soon' is not an ISO 8601 date"):
        as_datetime("soon", field="run_at")


def test_clock_and_embargo_facts_come_from_the_core_constants():
    clocks = clock_facts()
    assert clocks["critical"] == {"acknowledge_days": 1, "triage_days": 3, "fix_days": 30}
    assert clocks["low"]["fix_days"] == CLOCK_TARGETS[Severity.LOW].fix.days
    assert embargo_facts() == {"default_days": 90, "after_fix_days": 30, "in_the_wild_days": 7}


def test_yaml_is_read_through_the_bounded_loader_only():
    direct = [p.name for p in (SRC / "core" / "transparency").rglob("*.py")
              if "import yaml" in p.read_text(encoding="utf-8")]
    assert direct == []
    from redline.core import safe_yaml

    with pytest.raises(InvalidInput, match="form.yaml"):
        safe_yaml.load("a: [1,", source="form.yaml")


def test_importing_the_package_reads_no_data_file():
    import subprocess
    import sys

    code = ("import redline.core.transparency as t, redline.core.transparency.fmti as f, "
            "redline.core.transparency.eu_form as e, redline.core.transparency.nist_practices as p\n"
            "print(f.load_indicators.cache_info().currsize + e.load_form.cache_info().currsize "
            "+ p.load_practices.cache_info().currsize)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
