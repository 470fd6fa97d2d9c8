"""Safeguard red-team campaign files (CSV and JSONL)."""


import pytest

from paths import FIXTURES
from redline.core.errors import ImportFailed
from redline.core.evidence import read_campaign, read_evidence

FIX = FIXTURES / "evidence" / "campaign"


def test_csv_campaign():
    c = read_campaign(FIX / "classifier-v2.csv")
    assert len(c.attempts) == 200
    assert c.name == "output-classifier-v2"
    assert c.model == "acme-7b"
    first = c.attempts[0]
    assert first.attack_succeeded is True and first.monitor_flagged is True
    assert first.cue_id == "CUE-0001" and first.timestamp.tzinfo is not None
    assert c.attempts[20].attack_succeeded is None  # not judged
    assert sum(1 for a in c.attempts if a.undetected_success) == 3
    assert len(c.sha256) == 64


def test_jsonl_campaign_and_as_evidence():
    asr, usr = read_evidence(FIX / "monitor-small.jsonl")
    assert (asr.metric, asr.n, asr.successes) == ("attack_success_rate", 60, 3)
    assert (usr.metric, usr.n, usr.successes) == ("undetected_success_rate", 60, 2)
    assert asr.task == "monitor-small"


def test_unjudged_attempts_are_unscored_records():
    asr, usr = read_campaign(FIX / "classifier-v2.csv").as_evidence()
    assert (asr.n, asr.unscored) == (198, 2)
    assert usr.successes == 3


def test_json_array_campaign(tmp_path):
    import json

    path = tmp_path / "array.json"
    path.write_text(
        json.dumps(
            [
                {"attack_succeeded": "yes", "monitor_flagged": 0},
                {"attack_succeeded": False, "monitor_flagged": None},
            ]
        )
    )
    c = read_campaign(path)
    assert len(read_evidence(path)) == 2  # sniffed as a campaign
    assert [a.undetected_success for a in c.attempts] == [True, False]
    (tmp_path / "bad.json").write_text("[1, 2]")
    with pytest.raises(ImportFailed, match="array of objects"):
        read_campaign(tmp_path / "bad.json")
