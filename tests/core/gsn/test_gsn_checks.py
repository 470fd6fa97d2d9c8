"""gsn2x's checks, code by code: a small case that triggers each, one that does not, and the level."""

from __future__ import annotations

import pytest

from redline.core.gsn import CODES, Level, check

TEMPLATE = """
module: {name: template}
G0: {text: top, supportedBy: [G1, G4]}
G1: {text: to develop, undeveloped: true}
G4: {supportedBy: [Sn42]}
Sn42: {}
"""
INSTANCE = """
module:
  name: instance
  extends:
    - module: template
      develops: {G1: [G2]}
G2: {supportedBy: [Sn1]}
Sn1: {}
"""

# code: (triggering modules, clean modules, check options, expected node, expected level)
CASES = {
    "V01": (["X1: {text: x}"], ["X1: {nodeType: Goal, undeveloped: true}"], {}, "X1", Level.ERROR),
    "V02": (["G1: {text: g}"], ["G1: {undeveloped: true}"], {}, "G1", Level.WARNING),
    "V03": (["G1: {undeveloped: true, supportedBy: [Sn1]}\nSn1: {}"], ["G1: {supportedBy: [Sn1]}\nSn1: {}"],
            {}, "G1", Level.ERROR),
    "V04": (["G1: {supportedBy: [C1]}\nC1: {}"], ["G1: {inContextOf: [C1], undeveloped: true}\nC1: {}"],
            {}, "G1", Level.ERROR),
    "V05": (["G1: {supportedBy: [Sn1, Sn1]}\nSn1: {}"], ["G1: {supportedBy: [Sn1]}\nSn1: {}"],
            {}, "G1", Level.WARNING),
    "V06": (["G1: {supportedBy: [G1]}"], ["G1: {supportedBy: [G2]}\nG2: {undeveloped: true}"],
            {}, "G1", Level.ERROR),
    "V07": ([TEMPLATE, INSTANCE.replace("[G2]", "[G9]")], [TEMPLATE, INSTANCE], {}, "G9", Level.ERROR),
    "V08": (["G1: {supportedBy: [Sn1]}\nSn1: {nodeType: Assumption}"],
            ["G1: {supportedBy: [Sn1]}\nSn1: {nodeType: Solution}"], {"extended_check": True}, "Sn1",
            Level.WARNING),
    "V09": (["G1: {supportedBy: [G2], acp: {ACP1: G3}}\nG2: {undeveloped: true}"],
            ["G1: {supportedBy: [G2], acp: {ACP1: [G1, G2]}}\nG2: {undeveloped: true}"], {}, "G1", Level.ERROR),
    "V10": (["G1: {undeveloped: true, defeated: true}"],
            ["G1: {undeveloped: true, defeated: true}\nCG1: {challenges: G1, undeveloped: true}"], {}, "G1",
            Level.ERROR),
    "V11": (["G1: {undeveloped: true}\nCG1: {challenges: G1}"], ["G1: {undeveloped: true}"],
            {"warn_dialectic": True}, None, Level.WARNING),
    "V12": (["G1: {inContextOf: [C1], undeveloped: true}\nC1: {challenges: G1}"],
            ["G1: {inContextOf: [C1], undeveloped: true}\nC1: {}\nCG1: {challenges: G1}"], {}, "C1", Level.ERROR),
    "V13": (["G1: {undeveloped: true, defeatedRelation: G2}\nG2: {undeveloped: true}"],
            ["G1: {undeveloped: true}\nCG1: {challenges: G1, defeatedRelation: G1}"], {}, "G1", Level.ERROR),
    "C02": (["Sn1: {}"], ["G1: {supportedBy: [Sn1]}\nSn1: {}"], {}, "Sn1", Level.ERROR),
    "C03": (["G1: {supportedBy: [Sn9]}"], ["G1: {supportedBy: [Sn1]}\nSn1: {}"], {}, "G1", Level.ERROR),
    "C04": (["G0: {supportedBy: [G1]}\nG1: {supportedBy: [G2]}\nG2: {supportedBy: [G1]}"],
            ["G0: {supportedBy: [G1]}\nG1: {supportedBy: [G2]}\nG2: {undeveloped: true}"], {}, "G2", Level.ERROR),
    "C06": (["module: {name: same}\nG1: {undeveloped: true}", "module: {name: same}\nG2: {undeveloped: true}"],
            ["module: {name: one}\nG1: {supportedBy: [G2]}", "module: {name: two}\nG2: {undeveloped: true}"],
            {}, None, Level.ERROR),
    "C07": (["G1: {undeveloped: true}", "G1: {undeveloped: true}"],
            ["G1: {supportedBy: [G2]}", "G2: {undeveloped: true}"], {}, "G1", Level.ERROR),
    "C08": (["G3: {supportedBy: [Sn1]}\nSn1: {}\nG1: {supportedBy: [S1]}\nS1: {supportedBy: [G2]}\n"
             "G2: {supportedBy: [G1]}"], ["G3: {supportedBy: [Sn1]}\nSn1: {}"], {}, "G1", Level.ERROR),
    "C09": ([INSTANCE], [TEMPLATE, INSTANCE], {}, None, Level.ERROR),
    "C10": ([TEMPLATE.replace("undeveloped: true}", "supportedBy: [Sn2]}\nSn2: {}"), INSTANCE],
            [TEMPLATE, INSTANCE], {}, "G1", Level.ERROR),
    "C11": (["G1: {supportedBy: 'Sn1, Sn2'}\nSn1: {}\nSn2: {}"], ["G1: {supportedBy: [Sn1, Sn2]}\nSn1: {}\nSn2: {}"],
            {}, "G1", Level.WARNING),
    "C12": (["G1: {supportedBy: [Sn1]}\nSn1: {}\nCSn1: {challenges: G1 -> Sn9}"],
            ["G1: {supportedBy: [Sn1]}\nSn1: {}\nCSn1: {challenges: G1 -> Sn1}"], {}, "CSn1", Level.ERROR),
    "C13": (["G1: {undeveloped: true}\nCG1: {challenges: CG1, undeveloped: true}"],
            ["G1: {undeveloped: true}\nCG1: {challenges: G1, undeveloped: true}"], {}, "CG1", Level.ERROR),
    "C14": (["G1: {undeveloped: true}\nCG1: {challenges: G9}"], ["G1: {undeveloped: true}\nCG1: {challenges: G1}"],
            {}, "CG1", Level.ERROR),
    "C15": (["G1: {supportedBy: [Sn1]}\nSn1: {}\nCSn1: {challenges: G1 -> G1}"],
            ["G1: {supportedBy: [Sn1]}\nSn1: {}\nCSn1: {challenges: Sn1 -> G1}"], {}, "CSn1", Level.ERROR),
    "C16": (["G1: {supportedBy: [Sn1], inContextOf: [C1]}\nSn1: {}\nC1: {}\nCSn1: {challenges: Sn1 -> C1}"],
            ["G1: {supportedBy: [Sn1], inContextOf: [C1]}\nSn1: {}\nC1: {}\nCSn1: {challenges: G1 -> C1}"], {},
            "CSn1", Level.ERROR),
}


def test_every_code_in_the_table_is_tested_here():
    assert set(CASES) | {"C01"} == set(CODES)
    assert {c for c, info in CODES.items() if info.option} == {"V08", "V11"}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_check_triggers_at_its_level_and_names_the_element(code, gsn):
    bad, good, options, node, level = CASES[code]
    result = check(gsn(*bad), **options)
    found = [d for d in result.diagnostics if d.code == code]
    assert found, [str(d) for d in result.diagnostics]
    assert all(d.level is level for d in found)
    assert level in CODES[code].levels
    assert found[0].node == node
    assert found[0].module is not None and found[0].message
    assert result.valid is (level is Level.WARNING and not result.errors)
    clean = check(gsn(*good), **options)
    assert code not in clean.codes(), [str(d) for d in clean.diagnostics]


def test_c01_is_an_error_without_a_root_and_a_warning_with_several(gsn):
    (none,) = check(gsn("G1: {supportedBy: [G2]}\nG2: {supportedBy: [G1]}")).diagnostics
    assert (none.code, none.level, none.node, none.module) == ("C01", Level.ERROR, None, None)
    (several,) = check(gsn("G1: {undeveloped: true}\nG2: {undeveloped: true}")).diagnostics
    assert (several.code, several.level) == ("C01", Level.WARNING)
    assert "G1, G2" in several.message
    assert "C01" not in check(gsn("G1: {supportedBy: [G2]}\nG2: {undeveloped: true}")).codes()


def test_v08_and_v11_need_their_options(gsn):
    case = gsn("G1: {supportedBy: [Sn1]}\nSn1: {nodeType: Assumption}\nCG1: {challenges: G1}")
    assert {"V08", "V11"}.isdisjoint(check(case).codes())
    both = check(case, extended_check=True, warn_dialectic=True)
    assert {"V08", "V11"} <= set(both.codes())
    (v11,) = [d for d in both.diagnostics if d.code == "V11"]
    assert v11.module == "m1.yaml" and "CG1" in v11.message


def test_v04_counter_goals_take_counter_support_and_solutions_take_none(gsn):
    ok = gsn("G1: {undeveloped: true}\nCG1: {challenges: G1, supportedBy: [CSn1]}\nCSn1: {}")
    assert check(ok).codes() == []
    bad = check(gsn("G1: {supportedBy: [Sn1]}\nSn1: {supportedBy: [G2]}\nG2: {undeveloped: true}"))
    assert [(d.code, d.node) for d in bad.diagnostics] == [("V04", "Sn1")]
    unresolved_from_a_solution = check(gsn("G1: {supportedBy: [Sn1]}\nSn1: {supportedBy: [G9]}"))
    assert unresolved_from_a_solution.codes() == ["V04"]  # gsn2x: nothing may stand there, resolved or not


def test_a_stage_with_errors_stops_the_later_ones(gsn):
    result = check(gsn("G1: {supportedBy: [G1, Sn9]}"))
    assert result.codes() == ["V06"]  # the unresolved Sn9 (C03) is not reached
    assert check(gsn("G1: {supportedBy: [Sn9]}\nX1: {}")).codes() == ["V01"]


def test_warnings_do_not_stop_the_later_stages(gsn):
    result = check(gsn("G1: {supportedBy: [Sn1, Sn1]}\nSn1: {}\nG2: {text: alone}"))
    assert result.codes() == ["V05", "V02", "C01"]
    assert result.valid


def test_module_is_the_declared_name_or_the_path_as_given(gsn):
    declared = check(gsn("module: {name: core-argument}\nG1: {text: g}")).diagnostics[0]
    assert declared.module == "core-argument"
    assert check(gsn("G1: {text: g}")).diagnostics[0].module == "m1.yaml"


def test_extensions_apply_so_the_developed_goal_is_supported(gsn):
    assert check(gsn(TEMPLATE, INSTANCE)).diagnostics == ()
    alone = check(gsn(INSTANCE))
    assert alone.codes() == ["C09", "C10"] and not alone.valid


def test_diagnostic_json_and_line_format(gsn):
    result = check(gsn("G1: {text: g}"))
    assert result.as_dict() == {
        "valid": True,
        "nodes": 1,
        "diagnostics": [{"level": "warning", "code": "V02", "node": "G1", "module": "m1.yaml",
                         "message": result.diagnostics[0].message}],
    }
    assert str(result.diagnostics[0]).startswith("Warning: (m1.yaml) (V02): Goal G1 is undeveloped")
    assert result.for_node("G1") == list(result.diagnostics)


def test_c04_names_the_cycle(gsn):
    (d,) = check(gsn("G0: {supportedBy: [G1]}\nG1: {supportedBy: [S1]}\nS1: {supportedBy: [G1]}")).diagnostics
    assert d.code == "C04" and d.node == "S1" and "G1 -> S1 -> G1" in d.message
