"""Fixtures for documents tests (documents_fixtures.py, loaded once under a unique name)."""

import importlib.util
import sys
from pathlib import Path

_name, _path = "redline_tests_documents_fixtures", Path(__file__).parent / "documents_fixtures.py"
if _name not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_name, _path)
    sys.modules[_name] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_name])

from redline_tests_documents_fixtures import docs_world, released_doc  # noqa: E402,F401
