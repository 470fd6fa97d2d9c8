"""Fixtures for the transparency app's tests: the shared world (tests/commitments/world_fixtures.py)."""

import importlib.util
import sys
from pathlib import Path

_name, _path = "redline_tests_world_fixtures", Path(__file__).parents[1] / "commitments" / "world_fixtures.py"
if _name not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_name, _path)
    sys.modules[_name] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_name])

from redline_tests_world_fixtures import in_force_red_line, world  # noqa: E402,F401
