"""Draw a case: a Graphviz diagram with the standard GSN shapes, or an accessible nested outline.

:func:`to_dot` builds the Graphviz source (pure; no ``dot`` needed) and
:func:`render_svg` lays it out with Graphviz's ``dot``. The shapes follow the GSN
Community Standard: a rectangle for a Goal, a parallelogram for a Strategy, a circle
for a Solution, a rounded rectangle for a Context, ellipses marked **A** and **J**
for an Assumption and a Justification, and a hollow diamond under an undeveloped Goal
or Strategy. ``supportedBy`` is a solid line with a filled arrowhead, ``inContextOf``
a line with a hollow one. Counter elements (dialectic extension) are drawn dashed in
red, and their ``challenges`` links as dashed red lines ending in a bar; defeated
elements are greyed and say so. Several modules are drawn as labelled clusters.

Given statuses (a :class:`~redline.core.gsn.status.CaseStatus` or a mapping of
element to :class:`~redline.core.gsn.status.Status`), elements are filled by status
and the status is written in the label, so colour is never the only cue; a legend
explains the colours. Only ``http``, ``https`` and relative ``url`` values become
links.

When ``dot`` is not installed, :func:`render_svg` raises
:class:`~redline.core.errors.RendererUnavailable`; callers then show :func:`outline`
(a tree of :class:`OutlineItem`, with no HTML in it) or :func:`outline_text`.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import graphviz

from redline.core.errors import InvalidInput, RendererUnavailable
from redline.core.gsn.graph import Structure, structure
from redline.core.gsn.model import Case, Element, NodeType
from redline.core.gsn.status import CaseStatus, Status

#: Fill colours by status (light, so black text stays readable).
STATUS_COLOURS: dict[Status, str] = {
    Status.SUPPORTED: "#c8e6c9",
    Status.CONTRADICTED: "#ffcdd2",
    Status.WEAK: "#fff59d",
    Status.UNBOUND: "#e0e0e0",
    Status.GAP: "#ffcc80",
}
COUNTER_COLOUR = "#b00020"
MAX_ELEMENTS = 2000

_SHAPES: dict[NodeType, dict[str, str]] = {
    NodeType.GOAL: {"shape": "box"},
    NodeType.STRATEGY: {"shape": "parallelogram"},
    NodeType.SOLUTION: {"shape": "circle"},
    NodeType.CONTEXT: {"shape": "box", "style": "rounded"},
    NodeType.ASSUMPTION: {"shape": "ellipse", "xlabel": "A"},
    NodeType.JUSTIFICATION: {"shape": "ellipse", "xlabel": "J"},
    NodeType.COUNTER_GOAL: {"shape": "box", "style": "dashed", "color": COUNTER_COLOUR, "penwidth": "1.5"},
    NodeType.COUNTER_SOLUTION: {"shape": "circle", "style": "dashed", "color": COUNTER_COLOUR, "penwidth": "1.5"},
}
_UNKNOWN_SHAPE = {"shape": "octagon"}


def _statuses(statuses: CaseStatus | Mapping[str, Status | None] | None) -> Mapping[str, Status | None]:
    if statuses is None:
        return {}
    if isinstance(statuses, CaseStatus):
        return statuses.statuses
    return statuses


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("", "http", "https") else None


def _label(element: Element, status: Status | None, wrap: int) -> str:
    width = max(12, wrap * 2 // 3) if element.type in (NodeType.SOLUTION, NodeType.COUNTER_SOLUTION) else wrap
    lines = []
    for paragraph in (element.text or "").strip().splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    head = f"<B>{html.escape(element.id)}</B>"
    notes = [s for s in (status.value if status is not None else None,
                         "defeated" if element.defeated else None) if s]
    if notes:
        head += f" <I>({html.escape(', '.join(notes))})</I>"
    body = "<BR/>".join(html.escape(line) for line in lines if line is not None)
    return f"<{head}<BR/>{body}>" if body else f"<{head}>"


def to_dot(case: Case, statuses: CaseStatus | Mapping[str, Status | None] | None = None, *,
           legend: bool | None = None, wrap: int = 32) -> graphviz.Digraph:
    """The Graphviz source of the whole case (every module; extensions drawn as support)."""
    if len(case) > MAX_ELEMENTS:
        raise InvalidInput("case", f"{len(case)} elements, more than the {MAX_ELEMENTS} a diagram can show")
    marks = _statuses(statuses)
    graph = structure(case)
    dot = graphviz.Digraph("gsn", graph_attr={"rankdir": "TB", "nodesep": "0.35", "ranksep": "0.5",
                                             "fontname": "Helvetica"},
                           node_attr={"fontname": "Helvetica", "fontsize": "10", "margin": "0.12,0.06"},
                           edge_attr={"arrowsize": "0.8"})
    names = {e.id: f"n{i}" for i, e in enumerate(case)}
    clustered = len(case.modules) > 1
    for m, module in enumerate(case.modules):
        target = graphviz.Digraph(f"cluster_m{m}", graph_attr={"label": module.name, "style": "dashed",
                                                               "fontsize": "10"}) if clustered else dot
        for element in case:
            if element.module == module.name:
                _node(target, graph, element, names[element.id], marks.get(element.id), wrap)
        if clustered:
            dot.subgraph(target)
    _edges(dot, case, graph, names)
    if legend if legend is not None else bool(marks):
        _legend(dot)
    return dot


def _node(dot: graphviz.Digraph, graph: Structure, element: Element, name: str, status: Status | None,
          wrap: int) -> None:
    attrs = dict(_SHAPES.get(element.type, _UNKNOWN_SHAPE)) if element.type else dict(_UNKNOWN_SHAPE)
    styles = [s for s in attrs.pop("style", "").split(",") if s]
    if status is not None:
        styles.append("filled")
        attrs["fillcolor"] = STATUS_COLOURS[status]
    if element.defeated:
        attrs["fontcolor"] = "#616161"
        attrs["color"] = "#9e9e9e"
    if element.type is NodeType.SOLUTION or element.type is NodeType.COUNTER_SOLUTION:
        attrs["width"] = "0.9"
    if styles:
        attrs["style"] = ",".join(styles)
    kind = element.type.value if element.type else "element of unknown type"
    attrs["tooltip"] = f"{element.id} ({kind}{', ' + status.value if status else ''}): {element.text or ''}"
    attrs["id"] = f"gsn-{element.id}"  # the SVG element's id, for pages that link or style elements
    url = _safe_url(element.url)
    if url:
        attrs["URL"] = url
    dot.node(name, _label(element, status, wrap), **attrs)
    if element.type in (NodeType.GOAL, NodeType.STRATEGY) and not graph.support(element.id):
        dot.node(f"{name}_u", "", shape="diamond", width="0.25", height="0.25", fixedsize="true",
                 tooltip=f"{element.id} is undeveloped")
        dot.edge(name, f"{name}_u", arrowhead="none")


def _edges(dot: graphviz.Digraph, case: Case, graph: Structure, names: dict[str, str]) -> None:
    context_parents: dict[str, list[str]] = {}
    for element in case:
        for ctx in element.in_context_of:
            context_parents.setdefault(ctx, []).append(element.id)
    for element in case:
        src = names[element.id]
        for child in graph.support(element.id):
            if child in names:
                style = "dashed" if element.is_counter else "solid"
                dot.edge(src, names[child], arrowhead="normal", style=style)
        for ctx in element.in_context_of:
            if ctx in names:
                dot.edge(src, names[ctx], arrowhead="onormal")
                if context_parents.get(ctx) == [element.id]:
                    with dot.subgraph() as same:
                        same.attr(rank="same")
                        same.node(src)
                        same.node(names[ctx])
        ch = element.challenges
        if ch is not None and ch.target in names:
            label = f"challenges {ch}" if ch.is_relation else ""
            dot.edge(src, names[ch.target], style="dashed", color=COUNTER_COLOUR, arrowhead="tee",
                     label=label, fontsize="9", fontcolor=COUNTER_COLOUR, constraint="false")


def _legend(dot: graphviz.Digraph) -> None:
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Status", fontsize="10", style="solid")
        previous = None
        for status, colour in STATUS_COLOURS.items():
            name = f"legend_{status.value}"
            legend.node(name, status.value, shape="box", style="filled", fillcolor=colour, fontsize="9")
            if previous is not None:
                legend.edge(previous, name, style="invis")
            previous = name


def render_svg(case: Case, statuses: CaseStatus | Mapping[str, Status | None] | None = None, **options: Any) -> str:
    """The case as SVG text, laid out by Graphviz's ``dot`` (RendererUnavailable when it is absent)."""
    source = to_dot(case, statuses, **options)
    try:
        return source.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise RendererUnavailable("Graphviz's dot is not installed (Debian: apt-get install graphviz); "
                                  "showing the outline instead") from None


# --- the outline: the same argument as a nested list ------------------------------------

@dataclass
class OutlineItem:
    """One element in the nested outline, under the element that links to it."""

    id: str
    type: str | None
    text: str
    relation: str  # "root", "supportedBy", "inContextOf", "challengedBy", or "unreachable"
    status: str | None = None
    undeveloped: bool = False
    defeated: bool = False
    repeat: bool = False  # listed elsewhere in the outline; its children are not repeated here
    children: list[OutlineItem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "text": self.text, "relation": self.relation,
                "status": self.status, "undeveloped": self.undeveloped, "defeated": self.defeated,
                "repeat": self.repeat, "children": [c.as_dict() for c in self.children]}


def outline(case: Case, statuses: CaseStatus | Mapping[str, Status | None] | None = None) -> list[OutlineItem]:
    """The argument as a tree from each root: support, then contexts, then challengers.

    An element reached again is listed with ``repeat=True`` and not expanded twice;
    elements no root reaches come last with relation ``"unreachable"``.
    """
    marks = _statuses(statuses)
    graph = structure(case)
    challengers = graph.challengers()
    shown: set[str] = set()

    def item(eid: str, relation: str) -> OutlineItem:
        element = case.elements[eid]
        status = marks.get(eid)
        return OutlineItem(
            id=eid, type=element.type.value if element.type else None, text=element.text or "",
            relation=relation, status=status.value if status is not None else None,
            undeveloped=element.type in (NodeType.GOAL, NodeType.STRATEGY) and not graph.support(eid),
            defeated=element.defeated, repeat=eid in shown,
        )

    def kids(eid: str) -> list[tuple[str, str]]:
        out = [(c, "supportedBy") for c in graph.support(eid)]
        out += [(c, "inContextOf") for c in graph.context(eid)]
        out += [(c, "challengedBy") for c, ch in challengers.get(eid, ()) if ch.target == eid]
        return [(c, rel) for c, rel in out if c in case]

    tops: list[OutlineItem] = []
    starts = [(r, "root") for r in graph.roots()]
    for _ in range(2):
        for start, relation in starts:
            if start in shown:
                continue
            top = item(start, relation)
            shown.add(start)
            tops.append(top)
            stack = [top]
            while stack:
                current = stack.pop()
                for child_id, rel in kids(current.id):
                    child = item(child_id, rel)
                    shown.add(child_id)
                    current.children.append(child)
                stack.extend(reversed([c for c in current.children if not c.repeat]))
        starts = [(e.id, "unreachable") for e in case if e.id not in shown]
    return tops


def outline_text(items: list[OutlineItem]) -> str:
    """The outline as indented plain text, one element a line."""
    lines: list[str] = []
    stack = [(item, 0) for item in reversed(items)]
    while stack:
        node, depth = stack.pop()
        notes = [n for n in (node.relation if node.relation not in ("root", "supportedBy") else None,
                             node.status, "undeveloped" if node.undeveloped else None,
                             "defeated" if node.defeated else None, "shown elsewhere" if node.repeat else None) if n]
        extra = f" [{', '.join(notes)}]" if notes else ""
        text = " ".join(node.text.split())
        lines.append(f"{'  ' * depth}- {node.id} ({node.type or 'unknown'}){extra}: {text}".rstrip(": "))
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return "\n".join(lines) + ("\n" if lines else "")
