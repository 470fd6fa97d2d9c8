"""Gate rules as a table of cases (DESIGN §3.7, issue 4)."""

import pytest

from redline.core.deployment import DeploymentMode
from redline.core.errors import InvalidInput
from redline.core.evidence import EvidenceRecord, SourceFormat
from redline.core.gate import (
    RedLineGateInput,
    SafeguardGateInput,
    ThresholdGateInput,
    ThresholdStatus,
    gate,
)
from redline.core.verdict import (
    CommittedAction,
    InconclusivePolicy,
    RedLineTest,
    VerdictStatus,
    red_line_verdict,
)

M = DeploymentMode
V = VerdictStatus
P = InconclusivePolicy
A = CommittedAction
INT, API, FT, GATED, OPEN = M.INTERNAL, M.HOSTED_API, M.API_FINE_TUNING, M.GATED_OPEN_WEIGHTS, M.OPEN_WEIGHTS
PASS = [SafeguardGateInput("classifier", True)]
FAIL = [SafeguardGateInput("classifier", False)]
NONE: list = []

# (verdict, policy, action, safeguards, mode, allowed)
CASES = [
    # not crossed allows every mode
    *[(V.NOT_CROSSED, P.TREAT_AS_CROSSED, A.HALT_DEVELOPMENT, NONE, m, True) for m in M],
    # crossed + no_open_weights
    (V.CROSSED, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, NONE, INT, True),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, NONE, API, True),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, NONE, FT, True),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, GATED, False),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, OPEN, False),
    # crossed + api_only_with_safeguards
    (V.CROSSED, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, NONE, INT, True),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, PASS, API, True),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, FAIL, API, False),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, NONE, API, False),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, PASS, FT, False),
    (V.CROSSED, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, PASS, OPEN, False),
    # crossed + pause / halt: every external mode blocked
    *[
        (V.CROSSED, P.TREAT_AS_CROSSED, a, PASS, m, m is INT)
        for a in (A.PAUSE_DEPLOYMENT, A.HALT_DEVELOPMENT)
        for m in M
    ],
    # inconclusive + treat_as_crossed: crossed rule, and external modes need passing safeguards
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, NONE, INT, True),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, API, True),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, FAIL, API, False),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, NONE, API, False),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, FT, True),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, GATED, False),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, OPEN, False),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, PASS, API, True),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.API_ONLY_WITH_SAFEGUARDS, PASS, FT, False),
    (V.INCONCLUSIVE, P.TREAT_AS_CROSSED, A.PAUSE_DEPLOYMENT, PASS, API, False),
    # inconclusive + require_more_precise / block: nothing until re-measured
    *[(V.INCONCLUSIVE, P.REQUIRE_MORE_PRECISE, A.NO_OPEN_WEIGHTS, PASS, m, False) for m in M],
    *[(V.INCONCLUSIVE, P.BLOCK, A.NO_OPEN_WEIGHTS, PASS, m, False) for m in M],
    # invalid or missing evidence cannot show "not crossed": same as inconclusive
    (V.INVALID, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, API, True),
    (V.INVALID, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, OPEN, False),
    (None, P.TREAT_AS_CROSSED, A.NO_OPEN_WEIGHTS, PASS, OPEN, False),
    (None, P.BLOCK, A.NO_OPEN_WEIGHTS, PASS, INT, False),
]


@pytest.mark.parametrize(("status", "policy", "action", "safeguards", "mode", "allowed"), CASES)
def test_red_line_rules(status, policy, action, safeguards, mode, allowed):
    result = gate(
        mode, [RedLineGateInput("bio-uplift", status, policy, action)], safeguard_results=safeguards
    )
    assert result.allowed is allowed
    assert result.reasons
    assert result.rows[0].allowed is allowed


# (threshold verdict, mode, allowed)
THRESHOLD_CASES = [
    *[(ThresholdStatus.WITHIN, m, True) for m in M],
    *[(ThresholdStatus.EXCEEDS, m, False) for m in M],
    *[(ThresholdStatus.UNCERTAIN, m, m not in (GATED, OPEN)) for m in M],
]


@pytest.mark.parametrize(("status", "mode", "allowed"), THRESHOLD_CASES)
def test_threshold_rules(status, mode, allowed):
    assert gate(mode, [], [ThresholdGateInput("fatalities", status)]).allowed is allowed


def test_threshold_status_accepts_strings_and_foreign_enums():
    import enum

    class Other(str, enum.Enum):
        EXCEEDS = "exceeds"

    assert not gate("open-weights", [], [ThresholdGateInput("t", "uncertain")]).allowed
    assert not gate("internal", [], [ThresholdGateInput("t", Other.EXCEEDS)]).allowed
    with pytest.raises(InvalidInput, match="not one of"):
        gate("internal", [], [ThresholdGateInput("t", "fine")])


def test_open_weights_needs_every_red_line_not_crossed():
    lines = [
        RedLineGateInput("a", V.NOT_CROSSED),
        RedLineGateInput("b", V.NOT_CROSSED),
        RedLineGateInput("c", V.INCONCLUSIVE),
    ]
    result = gate(OPEN, lines)
    assert not result.allowed
    assert len(result.reasons) == 1 and result.reasons[0].startswith("c:")
    assert gate(OPEN, lines[:2]).allowed


def test_named_safeguards_must_exist_and_pass():
    item = RedLineGateInput(
        "r", V.CROSSED, action=A.API_ONLY_WITH_SAFEGUARDS, safeguards=("monitor", "classifier")
    )
    only_one = [SafeguardGateInput("classifier", True)]
    result = gate(API, [item], safeguard_results=only_one)
    assert not result.allowed and "monitor" in result.reasons[0]
    both = [*only_one, SafeguardGateInput("monitor", True), SafeguardGateInput("unrelated", False)]
    assert gate(API, [item], safeguard_results=both).allowed


def test_rows_and_json():
    v = RedLineGateInput("r", V.NOT_CROSSED)
    result = gate("hosted_api", [v], [ThresholdGateInput("t", ThresholdStatus.WITHIN)], PASS)
    assert [row.kind for row in result.rows] == ["red_line", "threshold", "safeguard"]
    d = result.as_dict()
    assert d["mode"] == "hosted_api" and d["allowed"] is True and len(d["rows"]) == 3


def test_from_verdict():
    line = RedLineTest("bio", "accuracy", 0.10, validity_days=None)
    verdict = red_line_verdict(line, EvidenceRecord(SourceFormat.INSPECT, "bio", "accuracy", n=12, successes=0))
    item = RedLineGateInput.from_verdict("r", verdict, line.inconclusive_policy, line.action, ["classifier"])
    assert item.status is V.INCONCLUSIVE and item.safeguards == ("classifier",)
    assert RedLineGateInput.from_verdict("r", None, P.BLOCK, A.NO_OPEN_WEIGHTS).status is None
    assert not gate(OPEN, [item], safeguard_results=PASS).allowed
    assert gate(API, [item], safeguard_results=PASS).allowed
