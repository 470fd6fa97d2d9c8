"""Solution status from evidence outcomes, and status flowing up the argument into gaps."""

from __future__ import annotations

import pytest

from redline.core.gsn import OUTCOME_RULES, EvidenceKind, GapKind, Status, evaluate, solution_status
from redline.core.verdict import VerdictStatus

S, C, W = Status.SUPPORTED, Status.CONTRADICTED, Status.WEAK

TREE = """
G1: {supportedBy: [S1], inContextOf: [C1]}
C1: {}
S1: {supportedBy: [G2, G3]}
G2: {supportedBy: [Sn1]}
G3: {supportedBy: [Sn2]}
Sn1: {}
Sn2: {}
"""


@pytest.mark.parametrize(
    ("kind", "outcome", "expected"),
    [
        ("red_line_verdict", "not_crossed", S), ("red_line_verdict", "crossed", C),
        ("red_line_verdict", "inconclusive", W), ("red_line_verdict", "invalid", W),
        ("safeguard_test", "passed", S), ("safeguard_test", "failed", C), ("safeguard_test", "inconclusive", W),
        ("risk_run", "within", S), ("risk_run", "exceeds", C), ("risk_run", "uncertain", W),
        ("decision", "proceed", S), ("decision", "cancel", C), ("decision", "delay", C), ("decision", "modify", W),
        ("drill", "within_targets", S), ("drill", "over_targets", C),
    ],
)
def test_outcome_rules(kind, outcome, expected):
    assert solution_status(kind, outcome) is expected
    assert solution_status(EvidenceKind(kind), outcome) is expected


def test_the_table_covers_the_outcomes_the_records_use():
    verdicts = {r.outcome for r in OUTCOME_RULES if r.kind is EvidenceKind.RED_LINE_VERDICT}
    assert verdicts == {v.value for v in VerdictStatus}
    from redline.core.gate import ThresholdStatus
    risks = {r.outcome for r in OUTCOME_RULES if r.kind is EvidenceKind.RISK_RUN}
    assert risks == {t.value for t in ThresholdStatus}
    assert {r.kind for r in OUTCOME_RULES} == set(EvidenceKind)


def test_a_recorded_modification_supports_and_staleness_weakens_only_support():
    assert solution_status("decision", "modify", modification_recorded=True) is S
    assert solution_status("red_line_verdict", "not_crossed", stale=True) is W
    assert solution_status("red_line_verdict", "crossed", stale=True) is C  # age does not clear a crossing
    assert solution_status("risk_run", "uncertain", stale=True) is W


def test_an_unknown_outcome_is_never_taken_as_support():
    with pytest.raises(ValueError, match="unknown outcome 'fine'"):
        solution_status("drill", "fine")
    with pytest.raises(ValueError):
        solution_status("horoscope", "good")


def test_everything_supported_makes_the_case_supported(gsn):
    result = evaluate(gsn(TREE), {"Sn1": S, "Sn2": S})
    assert result.supported and result.status is S
    assert result.statuses["G1"] is S and result.statuses["S1"] is S and result.statuses["C1"] is None
    assert result.summary()["gap_count"] == 0 and result.gaps == ()


@pytest.mark.parametrize(("given", "kind"), [(W, GapKind.WEAK), (C, GapKind.CONTRADICTED)])
def test_a_weak_or_contradicted_solution_makes_every_goal_above_it_a_gap(gsn, given, kind):
    result = evaluate(gsn(TREE), {"Sn1": S, "Sn2": given})
    assert result.statuses["Sn2"] is given
    assert [result.statuses[i] for i in ("G3", "S1", "G1")] == [Status.GAP] * 3
    assert result.statuses["G2"] is S  # the sibling branch stays supported
    (gap,) = result.gaps
    assert (gap.element, gap.kind, gap.affects) == ("Sn2", kind, ("G1", "S1", "G3"))
    summary = result.summary()
    assert summary["status"] == "gap" and summary["gap_count"] == 1
    assert summary["gap_elements"] == ["G1", "S1", "G3"]
    assert summary["gaps"][0]["element"] == "Sn2"


def test_an_undeveloped_goal_is_a_gap_even_when_marked(gsn):
    result = evaluate(gsn("G1: {supportedBy: [G2, G3]}\nG2: {undeveloped: true}\nG3: {supportedBy: [Sn1]}\nSn1: {}"),
                      {"Sn1": S})
    assert result.statuses["G2"] is Status.GAP and result.statuses["G1"] is Status.GAP
    assert [(g.element, g.kind) for g in result.gaps] == [("G2", GapKind.UNDEVELOPED)]


def test_unbound_is_weak_when_required_and_neutral_otherwise(gsn):
    required = evaluate(gsn(TREE), {"Sn1": S})
    assert required.statuses["Sn2"] is W and not required.supported
    assert [(g.element, g.kind) for g in required.gaps] == [("Sn2", GapKind.UNBOUND)]
    optional = evaluate(gsn(TREE), {"Sn1": S}, unbound_is_weak=False)
    assert optional.statuses["Sn2"] is Status.UNBOUND and optional.supported
    assert optional.summary()["counts"]["unbound"] == 1


def test_an_unresolved_counter_goal_makes_the_challenged_goal_and_above_gaps(gsn):
    case = gsn(TREE + "CG1: {challenges: G2, supportedBy: [CSn1]}\nCSn1: {}\n")
    result = evaluate(case, {"Sn1": S, "Sn2": S})
    assert result.statuses["G2"] is Status.GAP and result.statuses["G1"] is Status.GAP
    assert result.statuses["CG1"] is None and result.statuses["CSn1"] is None
    (gap,) = result.gaps
    assert gap.kind is GapKind.CHALLENGED and "CG1" in gap.reason and gap.affects == ("G1", "S1")


@pytest.mark.parametrize("resolution", ["defeated: true", "defeatedRelation: G2"])
def test_a_defeated_counter_goal_leaves_the_case_supported(gsn, resolution):
    case = gsn(TREE + f"CG1: {{challenges: G2, {resolution}, supportedBy: [CSn1]}}\nCSn1: {{}}\n"
               "CCSn1: {nodeType: CounterSolution, challenges: CG1}\n")
    assert evaluate(case, {"Sn1": S, "Sn2": S}).supported


def test_a_challenged_relation_makes_the_element_it_hangs_from_a_gap(gsn):
    result = evaluate(gsn(TREE + "CSn1: {challenges: G3 -> Sn2}\n"), {"Sn1": S, "Sn2": S})
    assert result.statuses["Sn2"] is S and result.statuses["G3"] is Status.GAP
    assert [(g.element, g.kind) for g in result.gaps] == [("G3", GapKind.CHALLENGED)]


def test_a_challenged_context_makes_its_goal_a_gap(gsn):
    result = evaluate(gsn(TREE + "CG1: {challenges: C1, undeveloped: true}\n"), {"Sn1": S, "Sn2": S})
    assert result.statuses["C1"] is Status.GAP and result.statuses["G1"] is Status.GAP


def test_defeated_elements_and_relations(gsn):
    defeated = evaluate(gsn(TREE.replace("G2: {supportedBy: [Sn1]}", "G2: {supportedBy: [Sn1], defeated: true}")
                            + "CG1: {challenges: G2}\n"), {"Sn1": S, "Sn2": S})
    assert defeated.statuses["G2"] is C and defeated.statuses["G1"] is Status.GAP
    assert GapKind.DEFEATED in {g.kind for g in defeated.gaps}
    relation = evaluate(gsn(TREE.replace("G3: {supportedBy: [Sn2]}", "G3: {supportedBy: [Sn2], defeatedRelation: Sn2}")),
                        {"Sn1": S, "Sn2": S})
    assert relation.statuses["G3"] is Status.GAP and relation.statuses["Sn2"] is S


def test_status_flows_through_module_extensions(gsn):
    template = "module: {name: t}\nG0: {supportedBy: [G1]}\nG1: {undeveloped: true}\n"
    instance = "module: {name: i, extends: [{module: t, develops: {G1: [G2]}}]}\nG2: {supportedBy: [Sn1]}\nSn1: {}\n"
    assert evaluate(gsn(template, instance), {"Sn1": S}).supported
    assert not evaluate(gsn(template, instance), {"Sn1": W}).supported
    assert evaluate(gsn(template), {}).statuses["G1"] is Status.GAP


def test_cycles_and_dangling_references_are_gaps_not_hangs(gsn):
    cyclic = evaluate(gsn("G0: {supportedBy: [G1]}\nG1: {supportedBy: [G2]}\nG2: {supportedBy: [G1]}"))
    assert cyclic.statuses["G0"] is Status.GAP
    assert GapKind.CYCLE in {g.kind for g in cyclic.gaps}
    dangling = evaluate(gsn("G1: {supportedBy: [Sn9]}"))
    assert dangling.statuses["G1"] is Status.GAP and dangling.gaps[0].kind is GapKind.MISSING


def test_only_evidence_statuses_may_be_given(gsn):
    with pytest.raises(ValueError, match="Sn1"):
        evaluate(gsn(TREE), {"Sn1": Status.GAP})


def test_a_long_chain_is_evaluated_without_recursion(gsn):
    chain = "".join(f"G{i}: {{supportedBy: [G{i + 1}]}}\n" for i in range(3000)) + "G3000: {supportedBy: [Sn1]}\nSn1: {}\n"
    assert evaluate(gsn(chain), {"Sn1": S}).supported
