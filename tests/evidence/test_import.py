"""Evidence import over the database: every shared fixture imports; malformed files write nothing."""

import hashlib

import pytest
from redline_tests_world_fixtures import EVIDENCE, MOCK_ALIAS, declared

from redline.core.errors import ImportFailed, InvalidInput, PermissionDenied
from redline.evidence import services
from redline.evidence.models import Evaluation, SafeguardCampaign, StoredVerdict
from redline.ledger.models import LedgerEntry

GOOD = sorted(p for d in ("inspect", "lm_eval", "garak", "campaign") for p in (EVIDENCE / d).iterdir()
              if p.name not in ("LICENSE",))
BAD = sorted((EVIDENCE / "bad").iterdir())
KIND = {"inspect": "inspect", "lm_eval": "lm-eval", "garak": "garak", "campaign": "campaign"}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shared_file_imports_with_its_digest(world, path):
    result = services.import_file(world["admin"], world["model"], path, kind=KIND[path.parent.name],
                                  model_alias=declared(path, world["model"]))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.sha256 == digest
    stored = list(Evaluation.objects.filter(model=world["model"])) + list(
        SafeguardCampaign.objects.filter(model=world["model"]))
    assert stored and all(s.sha256 == digest for s in stored)
    assert all(s.filename == path.name for s in stored)


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"sniffed-{p.parent.name}/{p.name}")
def test_kind_can_be_sniffed(world, path):
    result = services.import_file(world["admin"], world["model"], path, model_alias=declared(path, world["model"]))
    assert result.evaluations or result.campaigns


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_malformed_file_writes_nothing(world, path):
    before = LedgerEntry.objects.count()
    with pytest.raises(ImportFailed) as info:
        services.import_file(world["admin"], world["model"], path)
    assert path.name in str(info.value) and "\n" not in str(info.value)
    assert Evaluation.objects.count() == 0 and SafeguardCampaign.objects.count() == 0
    assert LedgerEntry.objects.count() == before


def test_failure_while_writing_rolls_back(world, monkeypatch):
    calls = {"n": 0}
    real = Evaluation.objects.create

    def flaky(**kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(**kw)

    monkeypatch.setattr(Evaluation.objects, "create", flaky)
    with pytest.raises(RuntimeError):
        services.import_file(world["admin"], world["model"], EVIDENCE / "lm_eval" / "arc_easy-v0-res.json")
    assert Evaluation.objects.count() == 0


def test_per_sample_scores_round_trip(world):
    path = EVIDENCE / "inspect" / "synthetic-unscored.json"
    services.import_file(world["admin"], world["model"], path, model_alias=MOCK_ALIAS)
    e = Evaluation.objects.get(model=world["model"], metric="accuracy")
    record = e.to_record()
    assert (e.n, e.unscored, e.errored, e.successes) == (37, 2, 1, 9)
    assert record.scores is not None and len(record.scores) == 40 and record.scores.count(None) == 3
    assert e.elicitation_level == "moderate" and e.elicitation["threat_actor_estimate"] == "strong"


def test_elicitation_option_and_bad_inputs(world):
    path = EVIDENCE / "inspect" / "bio-protocol-uplift.json"
    services.import_file(world["admin"], world["model"], path, elicitation_level="strong", model_alias=MOCK_ALIAS)
    assert Evaluation.objects.get().elicitation_level == "strong"
    with pytest.raises(InvalidInput, match="elicitation level"):
        services.import_file(world["admin"], world["model"], path, elicitation_level="heroic", model_alias=MOCK_ALIAS)
    with pytest.raises(InvalidInput, match="kind"):
        services.import_file(world["admin"], world["model"], path, kind="pdf", model_alias=MOCK_ALIAS)
    with pytest.raises(PermissionDenied):
        services.import_file(world["outsider"], world["model"], path, model_alias=MOCK_ALIAS)
    assert Evaluation.objects.count() == 1


def test_import_stores_verdict_for_in_force_red_line(world, in_force_red_line):
    result = services.import_file(world["admin"], world["model"], EVIDENCE / "inspect" / "cyber-exploit-ctf.eval",
                                  model_alias=MOCK_ALIAS)
    assert [v.status for v in result.verdicts] == ["crossed"]
    v = StoredVerdict.objects.get()
    assert v.estimate == pytest.approx(0.64) and v.lower < 0.64 < v.upper


def test_campaign_adequacy(world):
    result = services.import_file(world["admin"], world["model"], EVIDENCE / "campaign" / "classifier-v2.csv",
                                  tolerance=0.05)
    c = result.campaigns[0]
    assert c.safeguard == "output-classifier-v2" and (c.attack_succeeded, c.monitor_flagged) == (20, 17)
    assert c.passed is services.safeguard_result(c).passed
    assert c.result == services.safeguard_result(c).as_dict() | {"campaign_sha256": c.sha256}


def test_elicitation_record_fields(world):
    path = EVIDENCE / "inspect" / "bio-protocol-uplift.json"
    services.import_file(world["admin"], world["model"], path, model_alias=MOCK_ALIAS, elicitation={
        "fine_tuning": True, "effort_hours": 40, "tools": ["python"], "threat_actor_estimate": "expert"})
    e = Evaluation.objects.get()
    assert e.elicitation_level == "strong" and e.elicitation["threat_actor_estimate"] == "expert"
    with pytest.raises(InvalidInput, match="unknown field"):
        services.import_file(world["admin"], world["model"], path, model_alias=MOCK_ALIAS, elicitation={"vibes": "good"})
    with pytest.raises(InvalidInput, match="effort_hours"):
        services.import_file(world["admin"], world["model"], path, model_alias=MOCK_ALIAS,
                             elicitation={"effort_hours": "lots"})
    assert Evaluation.objects.count() == 1
