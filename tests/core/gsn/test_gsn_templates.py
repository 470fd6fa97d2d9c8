"""The four argument templates: they check clean, fill in for a model, and mark their evidence slots."""

from __future__ import annotations

import pytest

from redline.core.errors import InvalidInput
from redline.core.gsn import (
    TEMPLATE_NAMES,
    EvidenceKind,
    GapKind,
    Status,
    case_from_texts,
    check,
    evaluate,
    evidence_slots,
    instantiate,
    load_template,
    templates,
    write_case,
)

VALUES = {
    "inability": {"model": "acme/frontier-1", "deployment": "hosted API", "threat_profile": "Cyber offence",
                  "capability": "build a working exploit chain", "red_lines": ["CTF uplift", "Autonomous exploitation"]},
    "control": {"model": "acme/frontier-1", "deployment": "hosted API", "threat_profile": "Bio uplift",
                "risk_threshold": "Annual expected fatalities", "safeguards": ["Input classifier", "Account bans"]},
    "trustworthiness": {"model": "acme/frontier-1", "deployment": "hosted API", "threat_profile": "Bio uplift",
                        "red_lines": "Jailbreak compliance"},
    "deference": {"model": "acme/frontier-1", "deployment": "open weights", "threat_profile": "Cyber offence",
                  "advisers": "the Example Safety Institute", "red_lines": ["CTF uplift"]},
}


def test_the_four_argument_types_ship_with_their_parameters():
    infos = {t.name: t for t in templates()}
    assert tuple(infos) == TEMPLATE_NAMES == ("inability", "control", "trustworthiness", "deference")
    for name, info in infos.items():
        assert set(info.parameters) == set(VALUES[name]) and all(info.parameters.values())
        assert "{{" in info.brief
    assert infos["control"].list_parameters == ("safeguards",)
    assert infos["inability"].list_parameters == ("red_lines",)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_templates_check_clean_as_shipped_and_when_filled(name):
    raw = load_template(name)
    assert check(raw, extended_check=True, warn_dialectic=True).diagnostics == ()
    assert any(e.undeveloped for e in raw)  # left for the author, drawn with the diamond, no V02 warning
    case = instantiate(name, VALUES[name])
    assert check(case, extended_check=True, warn_dialectic=True).diagnostics == ()
    text = "\n".join(write_case(case).values())
    assert "{{" not in text and "foreach" not in text and "parameters" not in text
    assert "acme/frontier-1" in text and f"template: {name}" in text


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_a_filled_template_round_trips_and_starts_with_gaps(name):
    case = instantiate(name, VALUES[name], module_name=f"acme-{name}")
    again = case_from_texts(write_case(case).items())
    assert again.elements == case.elements and again.modules[0].name == f"acme-{name}"
    status = evaluate(case)
    assert not status.supported
    assert {g.kind for g in status.gaps} <= {GapKind.UNBOUND, GapKind.UNDEVELOPED}
    assert GapKind.UNBOUND in {g.kind for g in status.gaps}
    supported = evaluate(case, {s.element: Status.SUPPORTED for s in evidence_slots(case)})
    assert {g.kind for g in supported.gaps} == {GapKind.UNDEVELOPED}  # only the author's part is left


def test_foreach_repeats_per_value_and_keeps_references_in_step():
    case = instantiate("inability", VALUES["inability"])
    assert case.get("S1").supported_by == ("G2.1", "G2.2", "G6")
    assert case.get("S2.2").supported_by == ("G3.2", "G4.2", "G5.2")
    assert case.get("G4.1").supported_by == ("Sn1.1",) and case.get("G4.1").in_context_of == ("J2",)
    assert case.get("G2.2").text == "acme/frontier-1 does not cross red line Autonomous exploitation"
    assert "G2" not in case and "J2" in case


def test_evidence_slots_cover_every_kind_of_record():
    kinds = {s.kind for name in TEMPLATE_NAMES for s in evidence_slots(instantiate(name, VALUES[name]))}
    assert kinds == set(EvidenceKind)
    slots = evidence_slots(instantiate("control", VALUES["control"]))
    assert [(s.element, s.kind.value) for s in slots] == [
        ("Sn1.1", "safeguard_test"), ("Sn1.2", "safeguard_test"), ("Sn2", "risk_run"), ("Sn3", "drill")]
    assert "Input classifier" in slots[0].text


def test_an_unknown_evidence_marker_is_named(gsn):
    with pytest.raises(InvalidInput, match="Sn1.evidence: 'horoscope' is not one of red_line_verdict"):
        evidence_slots(gsn("G1: {supportedBy: [Sn1]}\nSn1: {evidence: horoscope}"))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({k: v for k, v in VALUES["inability"].items() if k != "capability"}, "missing value(s) for capability"),
        ({**VALUES["inability"], "colour": "red"}, "unknown parameter(s) colour"),
        ({**VALUES["inability"], "red_lines": []}, "red_lines needs one or more non-empty names"),
        ({**VALUES["inability"], "model": "  "}, "model needs a non-empty text"),
    ],
)
def test_bad_values_are_refused(values, message):
    with pytest.raises(InvalidInput) as info:
        instantiate("inability", values)
    assert message in str(info.value)


def test_an_unknown_template_is_named():
    with pytest.raises(InvalidInput, match="'safety' is not one of inability, control"):
        instantiate("safety", {})
