"""Evidence is about the model it is filed under (or a declared alias says so), stale evidence is
accepted with a warning, and the estimate on the page is the verdict's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from redline_tests_world_fixtures import EVIDENCE, MOCK_ALIAS, RED_LINE

from redline.commitments import services as commitments
from redline.core.errors import InvalidInput
from redline.evidence import services
from redline.evidence.models import Evaluation, SafeguardCampaign, StoredVerdict
from redline.ledger.models import LedgerEntry

BIO = EVIDENCE / "inspect" / "bio-protocol-uplift.json"
CTF = EVIDENCE / "inspect" / "cyber-exploit-ctf.eval"


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_a_log_of_another_model_is_refused_and_writes_nothing(world):
    before = LedgerEntry.objects.count()
    with pytest.raises(InvalidInput) as info:
        services.import_file(world["admin"], world["model"], BIO)
    assert info.value.field == "model_alias"
    assert "'mockllm/model', not acme/acme-7b" in info.value.message
    assert "mockllm/model=acme/acme-7b" in info.value.message  # the mapping that would make it acceptable
    assert Evaluation.objects.count() == 0 and LedgerEntry.objects.count() == before


def test_an_alias_must_name_the_model_it_is_filed_under(world):
    with pytest.raises(InvalidInput, match="filed under acme/acme-7b"):
        services.import_file(world["admin"], world["model"], BIO, model_alias="mockllm/model=other/model")
    assert Evaluation.objects.count() == 0


def test_a_declared_alias_is_stored_in_the_ledger_and_shown_with_the_verdict(world, in_force_red_line):
    result = services.import_file(world["admin"], world["model"], CTF, model_alias="mockllm/model=acme/acme-7b")
    e = result.evaluations[0]
    assert (e.source_model, e.model_alias) == ("mockllm/model", "mockllm/model=acme/acme-7b")
    assert e.model_check().match.value == "alias"
    stored = StoredVerdict.objects.get()
    assert stored.status == "crossed" and stored.data["model_alias"] == "mockllm/model=acme/acme-7b"
    assert result.summary()["verdicts"][0]["model_alias"] == "mockllm/model=acme/acme-7b"
    entry = LedgerEntry.objects.filter(object_type="evidence.evaluation").latest("seq")
    from redline.ledger.services import object_digest

    assert entry.object_digest == object_digest(e)  # the snapshot with the alias is what the ledger holds


def test_files_that_name_this_model_or_none_need_no_alias(world, make_model):
    # classifier-v2.csv names "acme-7b", the slug; boolq names no model at all.
    services.import_file(world["admin"], world["model"], EVIDENCE / "campaign" / "classifier-v2.csv")
    services.import_file(world["admin"], world["model"], EVIDENCE / "lm_eval" / "boolq-v1-res.json")
    c = SafeguardCampaign.objects.get()
    assert (c.source_model, c.model_alias) == ("acme-7b", "")
    assert Evaluation.objects.get().model_check().match.value == "unnamed"
    other = make_model(world["dev"], name="Other", slug="other")
    with pytest.raises(InvalidInput, match="'acme-7b', not acme/other"):
        services.import_file(world["admin"], other, EVIDENCE / "campaign" / "classifier-v2.csv")


def test_evidence_stored_before_the_check_reads_invalid_as_redline_verdict_says(world, in_force_red_line):
    services.import_file(world["admin"], world["model"], CTF, model_alias=MOCK_ALIAS)
    Evaluation.objects.update(model_alias="")  # as a row imported before aliases existed
    assert services.recompute_model(world["model"]) == 1
    v = StoredVerdict.objects.get()
    assert v.status == "invalid" and "wrong_model" in v.data["reason_codes"]


def test_upload_form_refuses_a_mismatch_on_its_field_and_takes_an_alias(world, in_force_red_line, client):
    slug = world["model"].full_slug
    client.force_login(world["admin"])
    r = client.post(f"/models/{slug}/evidence/", {"file": _upload(CTF)})
    html = r.content.decode()
    assert r.status_code == 400 and Evaluation.objects.count() == 0
    assert 'id="id_model_alias_errors"' in html and "mockllm/model=acme/acme-7b" in html
    r = client.post(f"/models/{slug}/evidence/", {"file": _upload(CTF), "model_alias": "mockllm/model=acme/acme-7b"})
    assert r.status_code == 302
    html = client.get(f"/models/{slug}/").content.decode()
    assert "the importer declared it to be this model" in html and "mockllm/model=acme/acme-7b" in html
    assert "mockllm/model" in client.get(f"/models/{slug}/evidence/").content.decode()


def test_api_refuses_a_mismatch_and_takes_an_alias(world, client, make_token):
    slug = world["model"].full_slug
    headers = {"Authorization": f"Bearer {make_token(world['admin'])}"}
    r = client.post(f"/api/models/{slug}/evaluations", {"file": _upload(BIO)}, headers=headers)
    assert r.status_code == 422 and r.json()["field"] == "model_alias"
    r = client.post(f"/api/models/{slug}/evaluations", {"file": _upload(BIO), "model_alias": "mockllm/model=acme/acme-7b"},
                    headers=headers)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["evaluations"][0]["source_model"] == "mockllm/model"
    assert body["evaluations"][0]["model_alias"] == "mockllm/model=acme/acme-7b" and body["warnings"] == []


def test_stale_evidence_is_accepted_with_a_warning_and_the_verdict_says_stale(world, in_force_red_line):
    # The log ran on 2026-11-23; a one-day window ended long before "now".
    result = services.import_file(world["admin"], world["model"], CTF, model_alias=MOCK_ALIAS, validity_days=1)
    assert len(result.warnings) == 1 and "already stale" in result.warnings[0]
    assert "2026-11-24" in result.warnings[0]
    assert not result.evaluations[0].is_current()
    v = StoredVerdict.objects.get()
    # 16/25 crosses the 0.5 threshold whatever its age; use a test the estimate does not reach.
    assert v.status == "crossed"
    version = commitments.new_version(world["admin"], in_force_red_line.commitment,
                                      {**RED_LINE, "threshold": 0.95, "alert": 0.9})
    verdict = services.compute_verdict(version, result.evaluations[0])
    assert verdict.status.value == "inconclusive" and "stale_evidence" in [c.value for c in verdict.codes]


def test_stale_warning_on_the_page_and_the_api(world, client, make_token):
    slug = world["model"].full_slug
    client.force_login(world["admin"])
    old = EVIDENCE / "garak" / "synthetic-pre-0.14.report.jsonl"  # ran on 2024-03-01; valid for 365 days
    r = client.post(f"/models/{slug}/evidence/", {"file": _upload(old), "model_alias": "gpt2=acme/acme-7b"},
                    follow=True)
    html = r.content.decode()
    assert r.status_code == 200 and "already stale" in html and "message warning" in html
    assert Evaluation.objects.count() == 2
    headers = {"Authorization": f"Bearer {make_token(world['admin'])}"}
    r = client.post(f"/api/models/{slug}/evaluations", {"file": _upload(old), "model_alias": "gpt2=acme/acme-7b"},
                    headers=headers)
    assert r.status_code == 201 and any("already stale" in w for w in r.json()["warnings"])
    assert "stale" in client.get(f"/models/{slug}/evidence/").content.decode()


def test_the_page_explains_scored_versus_file_estimates(world, client):
    spec = {**RED_LINE, "task": "bio_protocol_uplift", "max_unscored": 1.0}
    version = commitments.create_commitment(world["admin"], world["model"], "red_line", "Bio", spec)
    import datetime as dt

    commitments.propose(world["admin"], version, comment_period_ends=dt.date.today())
    commitments.approve(world["reviewer2"], version)
    from redline.core import signing

    commitments.approve(world["reviewer1"], version, signature=signing.sign(version.spec, world["key1"]))
    version.refresh_from_db()
    commitments.enter_into_force(world["admin"], version)
    services.import_file(world["admin"], world["model"], EVIDENCE / "inspect" / "synthetic-unscored.json",
                         model_alias=MOCK_ALIAS)
    html = client.get(f"/models/{world['model'].full_slug}/").content.decode()
    assert "estimate 0.243" in html and "n = 37 scored samples" in html
    assert "2 unscored and 1 errored counted apart" in html
    assert "the file reports 0.225, counting all 40 samples" in html  # the evidence table, beside 0.243
    evidence = client.get(f"/models/{world['model'].full_slug}/evidence.json").json()["evaluations"][0]
    assert evidence["scored_estimate"] == pytest.approx(9 / 37) and evidence["estimate"] == pytest.approx(0.225)
