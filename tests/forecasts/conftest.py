"""Shared fixtures for the forecasts tests (defined in forecast_fixtures.py, loaded under a unique name)."""

import importlib.util
import sys
from pathlib import Path

_NAME = "redline_tests_forecast_fixtures"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).with_name("forecast_fixtures.py"))
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])

from redline_tests_forecast_fixtures import fworld, make_question, world_red_line  # noqa: E402,F401
