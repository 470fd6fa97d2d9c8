"""``redline forecast export --out FILE`` and ``redline forecast clock``: the export scores like the site."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli.main import app

_NAME = "redline_tests_forecast_fixtures"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).parents[1] / "forecasts" / "forecast_fixtures.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
from redline_tests_forecast_fixtures import CYBER_RUN, fworld, import_cyber, make_question  # noqa: E402,F401

runner = CliRunner()
pytestmark = pytest.mark.django_db


@pytest.fixture
def django_ready(db):
    from redline.site import setup

    setup._READY["django"] = True


def at(days: float) -> dt.datetime:
    return CYBER_RUN + dt.timedelta(days=days)


def test_export_then_score_reproduces_the_site(django_ready, fworld, make_question, tmp_path, client):  # noqa: F811
    from redline.forecasts import services

    q = make_question()
    internal = make_question(title="internal", visibility="org", organisation=fworld["dev"], public_after=at(500))
    for user, p in (("ana", 0.9), ("ben", 0.35), ("member", 0.6)):
        services.make_forecast(fworld[user], q, probability=p, now=at(-4))
    services.make_forecast(fworld["member"], internal, probability=0.7, now=at(-4))
    n = make_question(kind="numeric", title="numeric")
    services.make_forecast(fworld["ana"], n, quantiles=[[0.1, 0.5], [0.5, 0.62], [0.9, 0.7]], now=at(-4))
    import_cyber(fworld["admin"], fworld["model"])
    out = tmp_path / "export.jsonl"
    result = runner.invoke(app, ["forecast", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 4 and all("@" not in line["forecaster"] for line in lines)
    assert {line["question"] for line in lines} == {f"Q{q.pk}", f"Q{n.pk}"}  # the internal question stays out
    assert isinstance(lines[0]["outcome"], bool)
    scored = runner.invoke(app, ["forecast", "score", str(out), "--json"])
    assert scored.exit_code == 0, scored.output
    for row in json.loads(scored.stdout)["forecasters"]:
        site = client.get(f"/forecasts/forecasters/{row['forecaster']}.json").json()["summary"]
        assert {k: site[k] for k in row} == row


def test_clock_command(django_ready, fworld, make_question):  # noqa: F811
    q = make_question(closes=at(1), resolve_by=at(2))
    result = runner.invoke(app, ["forecast", "clock", "--now", at(3).isoformat()])
    assert result.exit_code == 0, result.output
    assert "closed 1, resolved 0, annulled 1" in result.output
    q.refresh_from_db()
    assert q.state == "annulled"
    bad = runner.invoke(app, ["forecast", "clock", "--now", "yesterday"])
    assert bad.exit_code == 2 and "--now" in bad.output
