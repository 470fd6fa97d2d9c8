"""safe_yaml: ordinary files load as PyYAML loads them; hostile ones are refused early, named and located."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from redline.core import safe_yaml
from redline.core.errors import InvalidInput

REPO = Path(__file__).resolve().parents[2]
SHARED_GSN = (REPO / ".." / "shared" / "data" / "gsn").resolve()
ORDINARY = [
    REPO / "src" / "redline" / "data" / "cue.yaml",
    REPO / "src" / "redline" / "risk" / "data" / "criteria.yaml",
    REPO / "tests" / "fixtures" / "atlas" / "ATLAS.yaml",
    *sorted(SHARED_GSN.rglob("*.yaml")),
]


def billion_laughs(levels: int = 9, fan_out: int = 9) -> str:
    """The classic: each level is a list of ``fan_out`` aliases of the level below (9**10 nodes)."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * fan_out) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan_out) + "]")
    return "\n".join(lines) + "\n"


def refused(data, **kw) -> str:
    with pytest.raises(InvalidInput) as info:
        safe_yaml.load(data, source="case.yaml", **kw)
    message = str(info.value)
    assert message.startswith("case.yaml: ")
    return message


@pytest.mark.parametrize("path", ORDINARY, ids=lambda p: p.name)
def test_ordinary_files_load_exactly_as_pyyaml_loads_them(path):
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    text = path.read_text(encoding="utf-8")
    expected = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert safe_yaml.load(text, source=path.name) == expected
    assert safe_yaml.load_file(path) == expected


def test_billion_laughs_is_refused_fast_and_in_bounded_memory():
    text = billion_laughs()
    assert text.count("*") < safe_yaml.DEFAULT_MAX_ALIASES  # the alias limit alone would let it through
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refused(text)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 1000000 nodes once aliases are expanded" in message
    assert "(line 7, column " in message  # refused part-way through, long before the last level
    assert peak < 5_000_000
    assert elapsed < 5.0  # a guard against expansion; it takes milliseconds


def test_a_wide_fan_out_is_refused_by_the_alias_limit():
    assert "101 aliases, more than the 100 allowed" in refused(billion_laughs(levels=2, fan_out=60))


def test_strict_callers_refuse_every_alias():
    text = "base: &b {x: 1}\nother: *b\n"
    assert safe_yaml.load(text, source="s")["other"] == {"x": 1}
    assert "1 aliases, more than the 0 allowed (line 2, column 8)" in refused(text, max_aliases=0)


def test_merge_keys_count_as_aliases_and_still_merge():
    text = "base: &b {x: 1, y: 2}\nc: {<<: *b, x: 3}\n"
    assert safe_yaml.load(text, source="m")["c"] == {"x": 3, "y": 2}
    assert "aliases" in refused(text, max_aliases=0)


def test_the_node_limit_counts_expanded_aliases():
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"  # mapping 1, keys 2, a 4, b 1 + 4 + 4: 16 nodes expanded
    assert safe_yaml.load(text, source="n", max_nodes=16) == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}
    assert "more than 15 nodes" in refused(text, max_nodes=15)


def test_byte_limit_for_text_and_bytes():
    assert "21 bytes, more than the 20 allowed" in refused("key: " + "x" * 16, max_bytes=20)
    assert "21 bytes, more than the 20 allowed" in refused(("key: " + "x" * 16).encode(), max_bytes=20)
    assert "13 bytes, more than the 12 allowed" in refused("k: ééééé", max_bytes=12)  # bytes, not characters
    assert safe_yaml.load("k: ééééé", source="s", max_bytes=13) == {"k": "ééééé"}


def test_nul_characters_are_refused_with_their_place():
    assert refused("a: 1\nb: x\x00y\n") == "case.yaml: NUL character (line 2, column 5)"
    assert "NUL character" in refused(b"a: \x00")


def test_recursive_alias_is_refused():
    assert "alias *a refers to itself (line 1, column 8)" in refused("a: &a [*a]")


def test_deep_nesting_is_refused_before_the_composer_recurses():
    assert "nested more than 200 collections deep" in refused("[" * 100_000 + "]" * 100_000)
    value = safe_yaml.load("[" * 50 + "]" * 50, source="s")
    for _ in range(49):
        (value,) = value
    assert value == []
    assert "nested more than 3 collections deep" in refused("a: {b: {c: {d: 1}}}", max_depth=3)


def test_duplicate_keys_are_refused_unless_allowed():
    assert refused("a: 1\nb: 2\na: 3\n") == "case.yaml: duplicate key 'a' (line 3, column 1)"
    assert safe_yaml.load("a: 1\na: 3\n", source="s", allow_duplicate_keys=True) == {"a": 3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!python/object/apply:os.system [echo]", "could not determine a constructor"),
        ("a: [1, 2", "(line "),
        ("---\na\n---\nb\n", "expected a single document"),
        ("x: *nowhere", "undefined alias"),
    ],
)
def test_what_the_safe_loader_refuses_is_refused_with_the_source_and_place(text, expected):
    assert expected in refused(text)


def test_bytes_must_be_utf8_and_a_bom_is_dropped():
    assert "not UTF-8 text (byte 3)" in refused(b"a: \xff")
    assert safe_yaml.load("\ufeffa: 1".encode(), source="s") == {"a": 1}
    assert safe_yaml.load("", source="s") is None


def test_load_file_names_the_path_as_given(tmp_path):
    with pytest.raises(InvalidInput, match="no such file"):
        safe_yaml.load_file(tmp_path / "absent.yaml")
    with pytest.raises(InvalidInput, match="is a directory"):
        safe_yaml.load_file(tmp_path)
    big = tmp_path / "big.yaml"
    big.write_text("k: " + "x" * 100)
    with pytest.raises(InvalidInput, match=r"^big: more than the 50 bytes allowed"):
        safe_yaml.load_file(big, source="big", max_bytes=50)


def test_negative_limits_are_a_programming_error():
    with pytest.raises(ValueError, match="max_nodes"):
        safe_yaml.load("a: 1", source="s", max_nodes=-1)
