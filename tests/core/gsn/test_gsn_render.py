"""Diagrams with the GSN shapes and status colours, the named error without dot, and the outline."""

from __future__ import annotations

import html
import shutil

import pytest

from redline.core.errors import RendererUnavailable
from redline.core.gsn import STATUS_COLOURS, Status, evaluate, outline, outline_text, render_svg, to_dot

CASE = """
G1: {text: Top goal, supportedBy: [S1], inContextOf: [C1, A1, J1]}
C1: {text: a context}
A1: {text: an assumption}
J1: {text: a justification}
S1: {text: a strategy, supportedBy: [G2, G3]}
G2: {text: "evidence here <script>alert(1)</script>", supportedBy: [Sn1], url: "javascript:alert(1)"}
G3: {text: to do, undeveloped: true, url: https://example.org/g3}
Sn1: {text: a solution}
CG1: {text: doubt, challenges: G2, supportedBy: [CSn1]}
CSn1: {text: counter evidence}
"""


def node_line(source: str, element_id: str) -> str:
    (line,) = [x for x in source.splitlines() if f'id="gsn-{element_id}"' in x]
    return line


def test_standard_shapes_and_links(gsn):
    source = to_dot(gsn(CASE)).source
    assert "shape=box" in node_line(source, "G1")
    assert "shape=parallelogram" in node_line(source, "S1")
    assert "shape=circle" in node_line(source, "Sn1")
    assert "rounded" in node_line(source, "C1") and "shape=box" in node_line(source, "C1")
    assert "shape=ellipse" in node_line(source, "A1") and "xlabel=A" in node_line(source, "A1")
    assert "shape=ellipse" in node_line(source, "J1") and "xlabel=J" in node_line(source, "J1")
    assert "dashed" in node_line(source, "CG1") and "#b00020" in node_line(source, "CSn1")
    assert "shape=diamond" in source  # the undeveloped G3
    assert source.count("arrowhead=normal") == 5  # supportedBy: G1-S1, S1-G2, S1-G3, G2-Sn1, CG1-CSn1
    assert source.count("arrowhead=onormal") == 3  # inContextOf, hollow heads
    assert "arrowhead=tee" in source  # the challenge


def test_text_is_escaped_and_only_safe_urls_become_links(gsn):
    source = to_dot(gsn(CASE)).source
    assert "&lt;script&gt;alert(1)&lt;/script&gt;>" in node_line(source, "G2")  # the HTML label
    assert "javascript:" not in source
    assert 'URL="https://example.org/g3"' in node_line(source, "G3")
    if shutil.which("dot"):
        assert "<script" not in render_svg(gsn(CASE))


def test_status_colours_labels_and_legend(gsn):
    case = gsn(CASE)
    status = evaluate(case, {"Sn1": Status.SUPPORTED})
    source = to_dot(case, status).source
    assert STATUS_COLOURS[Status.GAP] in node_line(source, "G1") and "(gap)" in node_line(source, "G1")
    assert STATUS_COLOURS[Status.SUPPORTED] in node_line(source, "Sn1")
    assert "cluster_legend" in source and all(s.value in source for s in STATUS_COLOURS)
    assert "cluster_legend" not in to_dot(case).source  # no statuses, no legend


def test_modules_are_clusters(gsn):
    source = to_dot(gsn("module: {name: one}\nG1: {supportedBy: [G2]}", "module: {name: two}\nG2: {undeveloped: true}")).source
    assert "cluster_m0" in source and "label=one" in source and "label=two" in source


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_render_svg_draws_every_element(gsn):
    svg = html.unescape(render_svg(gsn(CASE), evaluate(gsn(CASE))))
    assert "<svg" in svg and ">G1<" in svg and 'id="gsn-CSn1"' in svg and "(gap)" in svg


def test_without_dot_the_renderer_raises_a_named_error(gsn, monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RendererUnavailable, match="Graphviz's dot is not installed"):
        render_svg(gsn(CASE))


def test_outline_is_the_same_argument_as_a_nested_list(gsn):
    case = gsn(CASE + "G4: {supportedBy: [Sn1]}\n")  # a second root that shares Sn1
    items = outline(case, evaluate(case, {"Sn1": Status.SUPPORTED}))
    assert [i.id for i in items] == ["G1", "G4"]
    g1 = items[0]
    assert [(c.id, c.relation) for c in g1.children] == [
        ("S1", "supportedBy"), ("C1", "inContextOf"), ("A1", "inContextOf"), ("J1", "inContextOf")]
    g2 = g1.children[0].children[0]
    assert [(c.id, c.relation) for c in g2.children] == [("Sn1", "supportedBy"), ("CG1", "challengedBy")]
    assert g1.children[0].children[1].undeveloped and g1.status == "gap"
    assert items[1].children[0].repeat  # Sn1 was listed under G2 already
    text = outline_text(items)
    assert text.splitlines()[0] == "- G1 (Goal) [gap]: Top goal"
    assert "      - CG1 (CounterGoal) [challengedBy]: doubt" in text
    assert "[supported, shown elsewhere]" in text
    assert items[0].as_dict()["children"][0]["id"] == "S1"


def test_unreachable_elements_are_not_hidden_in_the_outline(gsn):
    items = outline(gsn("G3: {supportedBy: [Sn1]}\nSn1: {}\nG1: {supportedBy: [G2]}\nG2: {supportedBy: [G1]}"))
    assert [(i.id, i.relation) for i in items] == [("G3", "root"), ("G1", "unreachable")]
