"""Reading gsn2x YAML: every key of the syntax, bare references, kept keys, and bad structure named."""

from __future__ import annotations

import pytest

from redline.core.errors import InvalidInput
from redline.core.gsn import Challenge, NodeType, case_from_texts, parse_module, read_case, type_from_id


def test_every_attribute_of_the_syntax_is_read(gsn):
    case = gsn("""
        module:
          name: main
          brief: The main module
          uses: [sub.gsn.yaml]
          charWrap: 20
        G1:
          text: A goal
          supportedBy: [S1]
          inContextOf: C1
          url: https://example.org/g1
          acp: {ACP1: [G1, S1], ACP2: C1}
          horizontalIndex: {absolute: 0}
          layer1: a layer
        S1: {text: A strategy, supportedBy: Sn1}
        C1:
        Sn1: {text: Evidence, nodeType: Solution, classes: [big]}
        CG1: {challenges: G1 -> S1, defeated: true, defeatedRelation: G1, undeveloped: true}
    """)
    g1 = case.get("G1")
    assert g1.module == "main" and g1.text == "A goal"
    assert g1.supported_by == ("S1",) and g1.in_context_of == ("C1",)
    assert g1.url == "https://example.org/g1"
    assert g1.acp == {"ACP1": ("G1", "S1"), "ACP2": ("C1",)}
    assert g1.extra == {"horizontalIndex": {"absolute": 0}, "layer1": "a layer"}
    assert case.get("S1").supported_by == ("Sn1",)  # a bare string is one reference
    assert case.get("C1").text is None and case.get("C1").type is NodeType.CONTEXT
    assert case.get("Sn1").node_type is NodeType.SOLUTION and case.get("Sn1").extra == {"classes": ["big"]}
    cg1 = case.get("CG1")
    assert cg1.challenges == Challenge("G1", "S1") and cg1.challenges.is_relation
    assert cg1.defeated and cg1.undeveloped and cg1.defeated_relation == ("G1",)
    module = case.modules[0]
    assert (module.name, module.brief, module.uses, module.declared) == ("main", "The main module",
                                                                        ("sub.gsn.yaml",), True)
    assert module.extra == {"charWrap": 20}
    assert module.element_ids == ("G1", "S1", "C1", "Sn1", "CG1")


def test_a_file_without_module_block_is_named_by_its_path_as_given(tmp_path):
    path = tmp_path / "case.gsn.yaml"
    path.write_text("G1: {undeveloped: true}\n")
    case = read_case([path])
    assert case.modules[0].name == str(path) and not case.modules[0].declared
    assert case.get("G1").module == str(path)


@pytest.mark.parametrize(
    ("prefix_id", "expected"),
    [("G1", NodeType.GOAL), ("S1", NodeType.STRATEGY), ("Sn1", NodeType.SOLUTION), ("C1", NodeType.CONTEXT),
     ("A1", NodeType.ASSUMPTION), ("J1", NodeType.JUSTIFICATION), ("CG1", NodeType.COUNTER_GOAL),
     ("CSn1", NodeType.COUNTER_SOLUTION), ("G-Top", NodeType.GOAL), ("X1", None), ("CCSn1", NodeType.CONTEXT)],
)
def test_type_from_the_id_prefix_as_gsn2x_reads_it(prefix_id, expected):
    assert type_from_id(prefix_id) is expected


def test_explicit_node_type_wins_over_the_prefix(gsn):
    case = gsn("CCSn1: {nodeType: CounterSolution, challenges: G1}\nG1: {undeveloped: true}\n")
    assert case.get("CCSn1").type is NodeType.COUNTER_SOLUTION
    assert case.get("CCSn1").challenges == Challenge("G1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "m.yaml: empty file, no GSN elements"),
        ("{}", "m.yaml: empty file, no GSN elements"),
        ("- G1\n- G2\n", "m.yaml: expected a mapping of GSN element IDs, got list"),
        ("just text", "m.yaml: expected a mapping of GSN element IDs, got str"),
        ("module: {name: x}\n", "m.yaml: no GSN elements (only a module: block)"),
        ("module: {brief: no name}\nG1: {}\n", "m.yaml: module: needs a 'name'"),
        ("G1: hello\n", "m.yaml: G1: an element must be a mapping of attributes, got str"),
        ("1: {text: x}\n", "m.yaml: element IDs must be strings, got 1"),
        ("G1: {text: 12}\n", "m.yaml: G1.text: expected a string, got int"),
        ("G1: {supportedBy: [1, 2]}\n", "m.yaml: G1.supportedBy: expected an ID or a list of IDs"),
        ("G1: {undeveloped: yes please}\n", "m.yaml: G1.undeveloped: expected true or false"),
        ("G1: {nodeType: Claim}\n", "m.yaml: G1.nodeType: 'Claim' is not one of Goal, Strategy"),
        ("G1: {acp: [G1]}\n", "m.yaml: G1.acp: expected a mapping of claim points to IDs"),
        ("module: {name: x, extends: [{develops: {}}]}\nG1: {}\n", "module.extends[0]: expected a mapping with a module"),
        ("G1: {text: a}\nG1: {text: b}\n", "m.yaml: duplicate key 'G1' (line 2, column 1)"),
        ("G1: [\n", "m.yaml: while parsing"),
    ],
)
def test_bad_structure_is_one_invalid_input_naming_the_file_and_field(text, message):
    with pytest.raises(InvalidInput) as info:
        parse_module(text, source="m.yaml")
    assert message in str(info.value)


def test_hostile_yaml_is_refused_by_safe_yaml():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(InvalidInput, match="bomb.yaml: more than 1000000 nodes"):
        case_from_texts([("bomb.yaml", bomb)])


def test_read_case_needs_a_file_and_names_a_missing_one(tmp_path):
    with pytest.raises(InvalidInput, match="no GSN files given"):
        read_case([])
    with pytest.raises(InvalidInput, match=r"absent\.yaml: no such file"):
        read_case([tmp_path / "absent.yaml"])


def test_a_repeated_id_keeps_the_first_and_is_recorded(gsn):
    case = gsn("G1: {text: first, undeveloped: true}\n", "module: {name: two}\nG1: {text: second}\n")
    assert case.get("G1").text == "first" and len(case) == 1
    (dup,) = case.duplicates
    assert (dup.id, dup.module, dup.first_module) == ("G1", "two", "m1.yaml")
