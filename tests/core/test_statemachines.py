"""The generic state machine and every disclosure table: legal moves move, everything else raises."""

from __future__ import annotations

import itertools
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.core.disclosure.dispute import DISPUTE_MACHINE
from redline.core.disclosure.embargo import EMBARGO_MACHINE
from redline.core.disclosure.publication import PUBLICATION_MACHINE
from redline.core.disclosure.report import REPORT_MACHINE
from redline.core.errors import IllegalTransition
from redline.core.statemachine import StateMachine

MACHINES = [REPORT_MACHINE, EMBARGO_MACHINE, DISPUTE_MACHINE, PUBLICATION_MACHINE]


class Light(StrEnum):
    RED = "red"
    GREEN = "green"


class Go(StrEnum):
    GO = "go"
    STOP = "stop"


LIGHTS: StateMachine[Light, Go] = StateMachine("light", Light.RED, {(Light.RED, Go.GO): Light.GREEN,
                                                                     (Light.GREEN, Go.STOP): Light.RED})


def test_apply_follows_the_table_and_names_the_illegal_move():
    assert LIGHTS.apply(Light.RED, Go.GO) is Light.GREEN
    with pytest.raises(IllegalTransition) as info:
        LIGHTS.apply(Light.RED, Go.STOP)
    assert (info.value.machine, info.value.state, info.value.event) == ("light", "red", "stop")
    assert "cannot 'stop' from state 'red'" in str(info.value)


def test_run_events_from_and_markdown():
    assert LIGHTS.run([Go.GO, Go.STOP, Go.GO]) is Light.GREEN
    assert LIGHTS.events_from(Light.GREEN) == [Go.STOP]
    assert "| red | go | green |" in LIGHTS.markdown_table()


def test_terminal_state_with_outgoing_transition_is_rejected():
    with pytest.raises(ValueError):
        StateMachine("bad", Light.RED, {(Light.GREEN, Go.STOP): Light.RED}, terminal=frozenset({Light.GREEN}))


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_every_state_is_reachable_and_terminals_are_dead_ends(machine):
    states = type(machine.initial)
    assert machine.reachable() == set(states)
    events = {e for (_s, e) in machine.transitions}
    for state in machine.terminal:
        assert not machine.events_from(state)
        for event in events:
            assert not machine.can(state, event)


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_every_pair_outside_the_table_raises(machine):
    states = list(type(machine.initial))
    events = list(type(next(iter(machine.transitions))[1]))
    for state, event in itertools.product(states, events):
        if (state, event) in machine.transitions:
            assert machine.apply(state, event) is machine.transitions[(state, event)]
        else:
            with pytest.raises(IllegalTransition):
                machine.apply(state, event)


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
@given(data=st.data())
def test_random_walks_raise_exactly_on_illegal_events(machine, data):
    events = list(type(next(iter(machine.transitions))[1]))
    state = machine.initial
    for event in data.draw(st.lists(st.sampled_from(events), max_size=25)):
        if machine.can(state, event):
            state = machine.apply(state, event)
        else:
            with pytest.raises(IllegalTransition):
                machine.apply(state, event)
    assert state in machine.reachable()


def test_disclosure_cue_dedup_and_formats_never_import_django():
    import subprocess
    import sys

    modules = ["redline.core.statemachine", "redline.core.cue", "redline.core.dedup",
               "redline.core.disclosure.case", "redline.core.disclosure.dispute",
               "redline.core.disclosure.publication", "redline.core.formats.flare",
               "redline.core.formats.avid", "redline.core.formats.stix", "redline.core.formats.cve",
               "redline.core.formats.jsonld"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + (
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
