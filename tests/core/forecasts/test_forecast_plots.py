"""The forecast plots are accessible, reproducible SVG documents that show the data they are given."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from redline.core.forecasts import plots
from redline.core.forecasts.calibration import discrimination, reliability_diagram
from redline.core.forecasts.question import Forecast, Question
from redline.core.forecasts.resolution import Resolution

SVG = "{http://www.w3.org/2000/svg}"
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def at(days: float) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> str:
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def check_accessible(svg: str, title: str) -> ET.Element:
    root = parse(svg)
    assert root.get("role") == "img"
    title_el, desc_el = root[0], root[1]
    assert title_el.tag == f"{SVG}title" and title_el.text == title
    assert desc_el.tag == f"{SVG}desc" and desc_el.text
    assert root.get("aria-labelledby") == f"{title_el.get('id')} {desc_el.get('id')}"
    return root


@pytest.fixture
def binary_data():
    rng = np.random.default_rng(2)
    p = rng.uniform(0.02, 0.98, 300)
    return p, rng.random(300) < p


def test_reliability_svg(binary_data):
    p, o = binary_data
    svg = plots.reliability_svg(reliability_diagram(p, o), title="ana <team>: reliability")
    root = check_accessible(svg, "ana <team>: reliability")
    words = texts(root)
    assert "share that resolved yes" in words and "perfect calibration" in words
    assert "90% Wilson interval" in words
    desc = plots.description_of(svg)
    assert desc.startswith("Reliability diagram of 300 binary forecasts in 10 bins.")
    counts = reliability_diagram(p, o).bins[0]
    assert f"0%–10%: {counts.yes} of {counts.count} resolved yes" in desc
    assert svg == plots.reliability_svg(reliability_diagram(p, o), title="ana <team>: reliability")


def test_reliability_svg_without_forecasts():
    svg = plots.reliability_svg(reliability_diagram([], []))
    root = check_accessible(svg, "Reliability diagram")
    assert "no resolved binary forecasts yet" in texts(root)
    assert plots.description_of(svg).endswith("No forecasts yet.")


def test_discrimination_svg(binary_data):
    p, o = binary_data
    data = discrimination(p, o)
    svg = plots.discrimination_svg(data)
    root = check_accessible(svg, "Discrimination")
    assert f"resolved yes ({int(o.sum())})" in texts(root)
    assert f"mean on yes: {data.mean_on_yes:.2f}" in texts(root)
    assert f"{int(o.sum())} forecasts on questions that resolved yes" in plots.description_of(svg)


def _question(kind="binary"):
    return Question(kind=kind, model="acme/m1", task="bio_uplift", metric="accuracy",
                    threshold=0.5 if kind == "binary" else None, opens_at=at(0), closes_at=at(30),
                    resolve_by=at(60))


def test_binary_question_svg_shows_every_forecaster_and_the_resolution():
    forecasts = [Forecast("ana", at(1), probability=0.3), Forecast("ana", at(9), probability=0.6),
                 Forecast("bo", at(4), probability=0.8)]
    resolution = Resolution(outcome=True, estimate=0.52, interval=(0.45, 0.6), run_at=at(20), close_call=True)
    svg = plots.question_svg(_question(), forecasts, resolution)
    root = check_accessible(svg, "bio_uplift / accuracy ≥ 0.5")
    words = texts(root)
    assert "ana" in words and "bo" in words and "resolved yes (close call)" in words
    assert plots.description_of(svg) == ("bio_uplift / accuracy ≥ 0.5: 3 forecasts by 2 forecasters over time; "
                                         "resolved yes.")
    open_svg = plots.question_svg(_question(), forecasts, title="Open question", now=at(10))
    assert plots.description_of(open_svg).endswith("unresolved.")


def test_numeric_question_svg():
    forecasts = [Forecast("ana", at(1), quantiles=((0.05, 0.1), (0.5, 0.3), (0.95, 0.6))),
                 Forecast("ana", at(3), quantiles=((0.05, 0.2), (0.5, 0.4), (0.95, 0.7))),
                 Forecast("bo", at(2), quantiles=((0.1, 0.25), (0.5, 0.35), (0.9, 0.5)))]
    svg = plots.question_svg(_question("numeric"), forecasts, Resolution(outcome=0.42, run_at=at(20)))
    root = check_accessible(svg, "bio_uplift / accuracy")
    assert "outcome 0.42" in texts(root) and "5%–95%" in texts(root)
    assert plots.description_of(svg).endswith("latest quantiles of 2 forecasters; resolved at 0.42.")


def test_importing_the_plots_module_does_not_import_matplotlib():
    code = "import sys, redline.core.forecasts.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
