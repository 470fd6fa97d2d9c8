"""Fixtures for safety-case tests: the shared world (world_fixtures.py) and safety_case_fixtures.py."""

import importlib.util
import sys
from pathlib import Path

for _name, _path in (("redline_tests_world_fixtures", Path(__file__).parents[1] / "commitments" / "world_fixtures.py"),
                     ("redline_tests_safety_case_fixtures", Path(__file__).parent / "safety_case_fixtures.py")):
    if _name not in sys.modules:
        _spec = importlib.util.spec_from_file_location(_name, _path)
        sys.modules[_name] = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(sys.modules[_name])

from redline_tests_safety_case_fixtures import bio_red_line, bound_case  # noqa: E402,F401
from redline_tests_world_fixtures import in_force_red_line, world  # noqa: E402,F401
