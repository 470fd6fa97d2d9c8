"""Every real gsn2x example in ../shared/data/gsn reads, checks as gsn2x checks it, renders and round-trips."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from redline.core.gsn import case_digest, check, outline, read_case, render_svg, write_case
from redline.core.gsn.reader import case_from_texts

REPO = Path(__file__).resolve().parents[3]
SHARED_GSN = (REPO / ".." / "shared" / "data" / "gsn").resolve()
pytestmark = pytest.mark.skipif(not SHARED_GSN.is_dir(), reason="shared gsn2x example folder is absent")

# files (relative to the folder) -> the (code, element) pairs gsn2x reports, by default and with
# --extended-check --warn-dialectic
EXPECTED = {
    ("bullet_lists.gsn.yaml",): ([], []),
    ("issue249.yaml",): ([], []),
    ("issue313.yaml",): ([], []),
    ("issue396.yaml",): ([], []),
    ("multi_children.yaml",): ([], []),
    ("multi_parents.gsn.yaml",): ([("C01", None)], [("C01", None)]),
    ("no_evidence.gsn.test.yaml",): ([], []),
    ("second.gsn.yaml",): (
        [],
        [("V08", "CCSn1"), ("V08", "CCG1"), ("V08", "CCSn2"), ("V08", "CCSn3"), ("V11", None)],
    ),
    ("template/template.gsn.yaml",): ([], []),
    ("template/instance.gsn.yaml",): ([("C09", None), ("C10", "G1")], [("C09", None), ("C10", "G1")]),
    ("template/template.gsn.yaml", "template/instance.gsn.yaml"): ([], []),
}


def test_every_example_file_is_covered():
    files = {p.relative_to(SHARED_GSN).as_posix() for p in SHARED_GSN.rglob("*.yaml")}
    assert files == {f for group in EXPECTED for f in group}


@pytest.mark.parametrize("files", list(EXPECTED), ids=lambda f: "+".join(f))
def test_example_checks_as_gsn2x_does(files):
    case = read_case([SHARED_GSN / f for f in files])
    plain, extended = EXPECTED[files]
    result = check(case)
    assert [(d.code, d.node) for d in result.diagnostics] == plain
    assert result.valid is not any(d.is_error for d in result.diagnostics)
    full = check(case, extended_check=True, warn_dialectic=True)
    assert [(d.code, d.node) for d in full.diagnostics] == extended
    assert result.nodes == len(case) > 0


@pytest.mark.parametrize("files", list(EXPECTED), ids=lambda f: "+".join(f))
def test_example_round_trips_through_the_writer(files):
    case = read_case([SHARED_GSN / f for f in files])
    texts = write_case(case)
    again = case_from_texts(texts.items())
    assert again.elements == case.elements  # same elements, links, text and kept keys
    assert [(m.name, m.brief, m.uses, m.extends, m.extra, m.element_ids) for m in again.modules] == [
        (m.name, m.brief, m.uses, m.extends, m.extra, m.element_ids) for m in case.modules
    ]
    for options in ({}, {"extended_check": True, "warn_dialectic": True}):
        assert check(again, **options).diagnostics == check(case, **options).diagnostics
    assert case_digest(again) == case_digest(case)


def test_kept_keys_are_written_back():
    texts = write_case(read_case([SHARED_GSN / "issue396.yaml", SHARED_GSN / "issue313.yaml",
                                  SHARED_GSN / "multi_children.yaml"]))
    joined = "\n".join(texts.values())
    assert "layer1: testa askjdfnw" in joined
    assert "horizontalIndex:\n    absolute: last" in joined
    assert "charWrap: 15" in joined  # in multi_children's module block


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
@pytest.mark.parametrize("files", list(EXPECTED), ids=lambda f: "+".join(f))
def test_example_renders(files):
    case = read_case([SHARED_GSN / f for f in files])
    svg = html.unescape(render_svg(case))
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    for element in case:
        assert f">{element.id}<" in svg and f'id="gsn-{element.id}"' in svg
    items = outline(case)
    assert items and items[0].relation == "root"
