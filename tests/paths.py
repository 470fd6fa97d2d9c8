"""Where the tests find things: the repository, its fixtures, and the shared real data beside it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DOCS = ROOT / "docs"
SHARED_DATA = ROOT.parent / "shared" / "data"
