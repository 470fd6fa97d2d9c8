"""The package's shape: no import cycles, and no layer imports one above it.

``LAYERS`` is the declared order of docs/architecture.md, lowest first; a package may import
its own layer and those below. Every ``import`` counts, at module level or inside a function,
because a deferred import is still a dependency (it only hides the cycle until run time).
``TYPE_CHECKING`` blocks are skipped: they never run.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "redline"

#: Lowest first. Packages on one line share a layer and must not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("core",),                  # pure: no Django
    ("risk",),                  # pure: numpy and scipy, no Django
    ("http",),                  # HTTP helpers every app shares (render, forms, pagination, errors)
    ("ledger",),
    ("accounts",),
    ("registry",),
    ("enumeration",),
    ("disclosure",),
    ("commitments",),
    ("evidence",),
    ("risk_runs",),
    ("decisions",),
    ("forecasts", "safety_cases"),
    ("documents",),
    ("transparency",),          # generated transparency reports, the FMTI crosswalk, the EU form, the NIST map
    ("site",),                  # the Django project: settings, root URLs, the API object, home page
    ("demo",),
    ("bench",),
    ("cli",),
]
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}
#: Modules directly in ``redline/``: the version (anyone may import it) and ``python -m redline``.
ROOT_MODULES = {"__init__": -1, "__main__": len(LAYERS)}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    """The ``redline`` modules that ``module`` imports (a name inside a package resolves to its module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("redline"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("redline"):
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    found.add(full if full in known else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found - {module}


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in SRC.rglob("*.py") if "migrations" not in p.parts}
    known = set(files)
    return {name: {m for m in _imports(path, name, known) if m in known} for name, path in files.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return out


def _package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    packages: dict[str, set[str]] = defaultdict(set)
    for a, targets in graph.items():
        for b in targets:
            if _package(a) != _package(b):
                packages[_package(a)].add(_package(b))
    return packages


def _rank(package: str) -> int:
    return ROOT_MODULES[package] if package in ROOT_MODULES else RANK[package]


def test_every_package_has_a_declared_layer():
    packages = {_package(m) for m in import_graph()}
    assert packages - set(RANK) - set(ROOT_MODULES) == set(), "add the new package to LAYERS and architecture.md"


def test_no_import_cycle_between_modules():
    assert _cycles(import_graph()) == []


def test_no_import_cycle_between_packages():
    assert _cycles(_package_graph(import_graph())) == []


def test_no_package_imports_a_higher_layer():
    graph = import_graph()
    upward = sorted(f"{a} → {b}" for a, targets in graph.items() for b in targets
                    if _package(a) != _package(b) and _rank(_package(b)) >= _rank(_package(a))
                    and _package(b) != "__init__")
    assert upward == []


def test_the_layers_are_written_down_in_the_architecture_doc():
    doc = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = doc.split("<!-- layers -->")[1].split("<!-- /layers -->")[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.splitlines()
            if line.startswith("|")]
    written = [tuple(name.strip(" `") for name in row[1].split(",")) for row in rows if row[0].isdigit()]
    assert written == LAYERS


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected


def test_an_upward_import_would_be_caught(tmp_path):
    """The checker sees a function-level import from a low layer to a high one."""
    path = tmp_path / "x.py"
    path.write_text("def f():\n    from redline.cli.main import app\n", encoding="utf-8")
    assert _imports(path, "redline.ledger.x", {"redline.cli.main"}) == {"redline.cli.main"}
    assert _rank(_package("redline.cli.main")) > _rank(_package("redline.ledger.x"))
