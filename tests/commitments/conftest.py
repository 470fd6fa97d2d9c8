"""Shared fixtures for commitments, evidence and decisions tests (defined in world_fixtures.py)."""

import importlib.util
import sys
from pathlib import Path

_NAME = "redline_tests_world_fixtures"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).with_name("world_fixtures.py"))
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])

from redline_tests_world_fixtures import EVIDENCE, RED_LINE, in_force_red_line, world  # noqa: E402,F401
